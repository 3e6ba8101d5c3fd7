using Azure.Core;
using Azure.Storage.Blobs;

namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// Where <see cref="AzureBlobStore"/> keeps its blobs, how it signs in, and how hard the
/// SDK retries. Exactly one of <see cref="ConnectionString"/> and <see cref="ServiceUri"/>.
/// </summary>
public sealed class AzureBlobStoreOptions
{
    /// <summary>
    /// A storage connection string: <c>UseDevelopmentStorage=true</c>, an account key
    /// (<c>DefaultEndpointsProtocol=…;AccountName=…;AccountKey=…</c>) or a SAS
    /// (<c>BlobEndpoint=…;SharedAccessSignature=…</c>).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The account's blob endpoint (https://ACCOUNT.blob.core.windows.net), signed in with a
    /// token credential (managed identity on Azure) instead of a key.
    /// </summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>The container holding every blob of this store.</summary>
    public string ContainerName { get; set; } = "saver";

    /// <summary>Retries after the first attempt of a request that failed transiently (the SDK's RetryOptions.MaxRetries).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The wait before the first retry; it doubles with every further one (exponential, with the SDK's jitter).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one attempt may take before it counts as failed and is retried.</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <exception cref="ArgumentException">A setting is out of range, or the store is named twice or not at all.</exception>
    public void Validate()
    {
        var hasConnectionString = !string.IsNullOrWhiteSpace(ConnectionString);
        if (hasConnectionString == (ServiceUri is not null))
            throw new ArgumentException("Blob store options: give exactly one of ConnectionString and ServiceUri.");
        if (ServiceUri is { IsAbsoluteUri: false })
            throw new ArgumentException($"Blob store options: ServiceUri '{ServiceUri}' is not an absolute address.");
        if (!IsValidContainerName(ContainerName))
            throw new ArgumentException(
                $"Blob store options: '{ContainerName}' is not a container name (3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit).");
        if (MaxRetries is < 0 or > 20)
            throw new ArgumentException("Blob store options: MaxRetries must be within 0..20.");
        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero || NetworkTimeout <= TimeSpan.Zero)
            throw new ArgumentException("Blob store options: retry delays cannot be negative, nor the network timeout zero.");
    }

    /// <summary>The SDK's client options with these retry settings (its own exponential retry policy).</summary>
    public BlobClientOptions ClientOptions(BlobClientOptions? template = null)
    {
        var options = template ?? new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = MaxRetries;
        options.Retry.Delay = RetryDelay;
        options.Retry.MaxDelay = MaxRetryDelay;
        options.Retry.NetworkTimeout = NetworkTimeout;
        return options;
    }

    /// <summary>
    /// The container's client: from the connection string, or from the service address and
    /// <paramref name="credential"/> (required then).
    /// </summary>
    public BlobContainerClient CreateContainerClient(TokenCredential? credential = null, BlobClientOptions? template = null)
    {
        Validate();
        var options = ClientOptions(template);
        if (ConnectionString is { Length: > 0 } connectionString)
            return new BlobContainerClient(connectionString, ContainerName, options);
        ArgumentNullException.ThrowIfNull(credential);
        return new BlobServiceClient(ServiceUri, credential, options).GetBlobContainerClient(ContainerName);
    }

    /// <summary>Azure's rule for container names.</summary>
    public static bool IsValidContainerName(string? name)
    {
        if (name is null || name.Length is < 3 or > 63) return false;
        if (!char.IsAsciiLetterLower(name[0]) && !char.IsAsciiDigit(name[0])) return false;
        if (name[^1] == '-' || name.Contains("--", StringComparison.Ordinal)) return false;
        return name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
    }
}
