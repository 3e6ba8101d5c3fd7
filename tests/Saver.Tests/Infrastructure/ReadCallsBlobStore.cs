using Saver.Storage.Blobs;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// Passes everything through, telling <paramref name="onCall"/> of every read before it goes
/// ("get", "properties", "range" or "list", then the blob or prefix), and waiting for it: a
/// test can record what a read asked, or hold its calls back.
/// </summary>
public sealed class ReadCallsBlobStore(IBlobStore inner, Func<string, Task> onCall) : DelegatingBlobStore(inner)
{
    public override async Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        await onCall($"get {name}");
        return await base.GetAsync(name, ifNoneMatch, cancellationToken);
    }

    public override async Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default)
    {
        await onCall($"properties {name}");
        return await base.GetPropertiesAsync(name, cancellationToken);
    }

    public override async Task<BlobRange?> GetRangeAsync(string name, long offset, CancellationToken cancellationToken = default)
    {
        await onCall($"range {name}");
        return await base.GetRangeAsync(name, offset, cancellationToken);
    }

    public override async Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = 5000,
        CancellationToken cancellationToken = default)
    {
        await onCall($"list {prefix}");
        return await base.ListPageAsync(prefix, continuationToken, pageSizeHint, cancellationToken);
    }
}
