namespace Saver.Storage.Blobs;

/// <summary>
/// A store that passes every call to another: the base of decorators that watch calls (the
/// benchmark's counting store) or inject faults (the tests'), so each overrides only the calls
/// it is about.
/// </summary>
public abstract class DelegatingBlobStore(IBlobStore inner) : IBlobStore
{
    public virtual Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default) =>
        inner.GetAsync(name, ifNoneMatch, cancellationToken);

    public virtual Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default) =>
        inner.GetPropertiesAsync(name, cancellationToken);

    public virtual Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        inner.PutAsync(name, content, conditions, cancellationToken);

    public virtual Task<ETag> CreateAppendBlobAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        inner.CreateAppendBlobAsync(name, conditions, cancellationToken);

    public virtual Task<AppendResult> AppendAsync(string name, ReadOnlyMemory<byte> block, AppendConditions? conditions = null, CancellationToken cancellationToken = default) =>
        inner.AppendAsync(name, block, conditions, cancellationToken);

    public virtual Task<BlobRange?> GetRangeAsync(string name, long offset, CancellationToken cancellationToken = default) =>
        inner.GetRangeAsync(name, offset, cancellationToken);

    public virtual Task<bool> DeleteAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(name, conditions, cancellationToken);

    public virtual Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = 5000, CancellationToken cancellationToken = default) =>
        inner.ListPageAsync(prefix, continuationToken, pageSizeHint, cancellationToken);

    public virtual Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default) =>
        inner.AcquireLeaseAsync(name, duration, proposedLeaseId, cancellationToken);

    public virtual Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        inner.RenewLeaseAsync(name, leaseId, cancellationToken);

    public virtual Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        inner.ReleaseLeaseAsync(name, leaseId, cancellationToken);

    public virtual Task<TimeSpan> BreakLeaseAsync(string name, TimeSpan breakPeriod, CancellationToken cancellationToken = default) =>
        inner.BreakLeaseAsync(name, breakPeriod, cancellationToken);
}
