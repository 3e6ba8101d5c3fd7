namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// Where <see cref="AzureBlobStore"/> keeps its blobs and how hard it retries; bound from
/// configuration (e.g. the "Blobs:Azure" section).
/// </summary>
public sealed class AzureBlobStoreOptions
{
    public const string SectionName = "Blobs:Azure";

    /// <summary>A storage connection string (see <see cref="BlobConnectionString"/>).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>The container holding every blob of this store.</summary>
    public string ContainerName { get; set; } = "saver";

    /// <summary>Retries after the first attempt of a request that failed transiently.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The wait before the first retry; it doubles with every further one.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest wait between two attempts, whatever the doubling or Retry-After say.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
            throw new ArgumentException("Blob store options: ConnectionString is required.");
        if (!IsValidContainerName(ContainerName))
            throw new ArgumentException(
                $"Blob store options: '{ContainerName}' is not a container name (3-63 lowercase letters, digits and single hyphens, starting and ending with a letter or digit).");
        if (MaxRetries is < 0 or > 20)
            throw new ArgumentException("Blob store options: MaxRetries must be within 0..20.");
        if (RetryDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero)
            throw new ArgumentException("Blob store options: retry delays cannot be negative.");
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
