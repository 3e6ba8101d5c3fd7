using System.Text;

namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// Builds the request addresses for one container, escaping blob names the way the service
/// expects: a name is a '/'-separated path, and each segment is percent-encoded on its own.
/// </summary>
internal sealed class BlobAddresses
{
    private const int MaxBlobNameLength = 1024;
    private readonly string _containerBase;

    public BlobAddresses(Uri blobEndpoint, string containerName)
    {
        _containerBase = blobEndpoint.AbsoluteUri.TrimEnd('/') + "/" + containerName;
    }

    public Uri Container(params (string Name, string? Value)[] query) => Build(_containerBase, query);

    public Uri Blob(string name, params (string Name, string? Value)[] query) =>
        Build(_containerBase + "/" + EscapeName(name), query);

    /// <exception cref="ArgumentException">The name cannot be a blob name of this store.</exception>
    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) throw new ArgumentException("A blob name cannot be empty.", nameof(name));
        if (name.Length > MaxBlobNameLength)
            throw new ArgumentException($"A blob name has at most {MaxBlobNameLength} characters.", nameof(name));
        if (name[0] == '/') throw new ArgumentException($"Blob name '{name}' starts with '/'.", nameof(name));
        // '.' and '..' segments would be collapsed by URL normalisation (ours or a proxy's)
        // and address a different blob than the one named.
        foreach (var segment in name.Split('/'))
            if (segment is "." or "..")
                throw new ArgumentException($"Blob name '{name}' has a '.' or '..' segment.", nameof(name));
    }

    private static string EscapeName(string name)
    {
        ValidateName(name);
        return string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
    }

    private static Uri Build(string path, (string Name, string? Value)[] query)
    {
        var builder = new StringBuilder(path);
        var separator = '?';
        foreach (var (key, value) in query)
        {
            if (value is null) continue;
            builder.Append(separator).Append(key).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }
        return new Uri(builder.ToString(), UriKind.Absolute);
    }
}
