namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// The parts of an Azure Storage connection string that the blob client needs: the account,
/// its shared key, and the blob service endpoint.
/// </summary>
/// <remarks>
/// Accepts <c>UseDevelopmentStorage=true</c> (optionally with <c>DevelopmentStorageProxyUri</c>)
/// and the explicit form <c>DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…;BlobEndpoint=…</c>.
/// Keys are case-insensitive. Error messages and <see cref="ToString"/> never contain the key.
/// </remarks>
public sealed class BlobConnectionString
{
    /// <summary>Azurite's and the old storage emulator's fixed account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>The emulator's published key; it is a public constant, not a secret.</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private const int DevelopmentBlobPort = 10000;

    // Settings of the other storage services, or of SDK behaviour, that may sit in a
    // connection string shared with them; the blob client has no use for them.
    private static readonly HashSet<string> IgnoredKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "QueueEndpoint", "TableEndpoint", "FileEndpoint",
        "QueueSecondaryEndpoint", "TableSecondaryEndpoint", "FileSecondaryEndpoint", "BlobSecondaryEndpoint",
    };

    private BlobConnectionString(string accountName, byte[] accountKey, Uri blobEndpoint)
    {
        AccountName = accountName;
        AccountKey = accountKey;
        BlobEndpoint = blobEndpoint;
    }

    public string AccountName { get; }

    /// <summary>The decoded shared key.</summary>
    public ReadOnlyMemory<byte> AccountKey { get; }

    /// <summary>The blob service's base address, without a trailing '/'.</summary>
    public Uri BlobEndpoint { get; }

    public SharedKeyCredential CreateCredential() => new(AccountName, AccountKey.ToArray());

    public override string ToString() => $"AccountName={AccountName};AccountKey=<redacted>;BlobEndpoint={BlobEndpoint}";

    /// <exception cref="ArgumentException">The string is empty, malformed or incomplete.</exception>
    public static BlobConnectionString Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new ArgumentException("The storage connection string is empty.", nameof(connectionString));

        var settings = Split(connectionString);

        if (settings.TryGetValue("UseDevelopmentStorage", out var useDevelopment))
            return ParseDevelopment(useDevelopment, settings);

        if (settings.ContainsKey("SharedAccessSignature"))
            throw Invalid("SharedAccessSignature is not supported; use AccountName and AccountKey.");

        var accountName = Required(settings, "AccountName");
        var accountKey = DecodeKey(Required(settings, "AccountKey"));

        Uri endpoint;
        if (settings.TryGetValue("BlobEndpoint", out var explicitEndpoint))
        {
            endpoint = ParseEndpoint(explicitEndpoint, "BlobEndpoint");
        }
        else
        {
            var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https").ToLowerInvariant();
            if (protocol is not ("http" or "https"))
                throw Invalid("DefaultEndpointsProtocol must be http or https.");
            var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");
            endpoint = ParseEndpoint($"{protocol}://{accountName}.blob.{suffix}", "EndpointSuffix");
        }

        return new BlobConnectionString(accountName, accountKey, endpoint);
    }

    private static BlobConnectionString ParseDevelopment(string useDevelopment, Dictionary<string, string> settings)
    {
        if (!bool.TryParse(useDevelopment, out var use) || !use)
            throw Invalid("UseDevelopmentStorage must be 'true' when present.");

        var other = settings.Keys.FirstOrDefault(k =>
            !k.Equals("UseDevelopmentStorage", StringComparison.OrdinalIgnoreCase) &&
            !k.Equals("DevelopmentStorageProxyUri", StringComparison.OrdinalIgnoreCase));
        if (other is not null)
            throw Invalid($"UseDevelopmentStorage=true cannot be combined with {other}.");

        var host = new UriBuilder("http", "127.0.0.1", DevelopmentBlobPort);
        if (settings.TryGetValue("DevelopmentStorageProxyUri", out var proxy))
        {
            var proxyUri = ParseEndpoint(proxy, "DevelopmentStorageProxyUri");
            host = new UriBuilder(proxyUri.Scheme, proxyUri.Host, DevelopmentBlobPort);
        }
        host.Path = DevelopmentAccountName;

        return new BlobConnectionString(DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey), host.Uri);
    }

    private static Dictionary<string, string> Split(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var position = 0;
        foreach (var part in connectionString.Split(';'))
        {
            position++;
            if (string.IsNullOrWhiteSpace(part)) continue;

            // Split at the first '=' only: base64 keys end in '='.
            var equals = part.IndexOf('=');
            if (equals <= 0)
                throw Invalid($"Setting {position} is not of the form Name=Value.");

            var key = part[..equals].Trim();
            var value = part[(equals + 1)..].Trim();
            if (IgnoredKeys.Contains(key)) continue;
            if (!IsKnown(key))
                throw Invalid($"Unknown setting '{key}'.");
            if (value.Length == 0)
                throw Invalid($"{key} has no value.");
            if (!settings.TryAdd(key, value))
                throw Invalid($"{key} is given more than once.");
        }
        return settings;
    }

    private static bool IsKnown(string key) => key.ToLowerInvariant() switch
    {
        "usedevelopmentstorage" or "developmentstorageproxyuri" or "defaultendpointsprotocol"
            or "accountname" or "accountkey" or "blobendpoint" or "endpointsuffix" or "sharedaccesssignature" => true,
        _ => false,
    };

    private static string Required(Dictionary<string, string> settings, string key) =>
        settings.TryGetValue(key, out var value) ? value : throw Invalid($"{key} is missing.");

    private static byte[] DecodeKey(string key)
    {
        // The message must not echo the key, not even a mistyped one.
        try { return Convert.FromBase64String(key); }
        catch (FormatException) { throw Invalid("AccountKey is not valid base64."); }
    }

    private static Uri ParseEndpoint(string value, string settingName)
    {
        if (!Uri.TryCreate(value.TrimEnd('/'), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw Invalid($"{settingName} does not make an absolute http(s) address.");
        return uri;
    }

    private static ArgumentException Invalid(string why) =>
        new($"Invalid storage connection string: {why}", "connectionString");
}
