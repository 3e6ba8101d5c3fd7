using System.Collections.Concurrent;
using Saver.Storage.Blobs;

namespace Saver.Tests.Infrastructure;

/// <summary>A blob store that passes everything through to a real one and remembers every prefix listed, so a test can tell what a read scanned.</summary>
public sealed class ListingRecorderBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly ConcurrentQueue<string> _prefixes = new();

    /// <summary>Every prefix listed so far, in order (a listing of several pages appears once per page).</summary>
    public IReadOnlyList<string> Prefixes => [.. _prefixes];

    public void Forget() => _prefixes.Clear();

    public Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = 5000, CancellationToken cancellationToken = default)
    {
        _prefixes.Enqueue(prefix);
        return inner.ListPageAsync(prefix, continuationToken, pageSizeHint, cancellationToken);
    }

    public Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default) =>
        inner.GetAsync(name, ifNoneMatch, cancellationToken);

    public Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default) =>
        inner.GetPropertiesAsync(name, cancellationToken);

    public Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        inner.PutAsync(name, content, conditions, cancellationToken);

    public Task<bool> DeleteAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(name, conditions, cancellationToken);

    public Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default) =>
        inner.AcquireLeaseAsync(name, duration, proposedLeaseId, cancellationToken);

    public Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        inner.RenewLeaseAsync(name, leaseId, cancellationToken);

    public Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        inner.ReleaseLeaseAsync(name, leaseId, cancellationToken);

    public Task<TimeSpan> BreakLeaseAsync(string name, TimeSpan breakPeriod, CancellationToken cancellationToken = default) =>
        inner.BreakLeaseAsync(name, breakPeriod, cancellationToken);
}
