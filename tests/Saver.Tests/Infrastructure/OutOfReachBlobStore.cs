using Saver.Storage.Blobs;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// A blob store that, while <see cref="IsDown"/>, fails every call as an unreachable service
/// does (no response); otherwise passes everything through to a real one.
/// </summary>
public sealed class OutOfReachBlobStore(IBlobStore inner) : DelegatingBlobStore(inner)
{
    public volatile bool IsDown;

    private Task<T> Reach<T>(string name, Func<Task<T>> call) =>
        IsDown ? Task.FromException<T>(new BlobStoreException(0, BlobErrorCode.NoResponse, $"{name}: the blob service did not answer")) : call();

    private Task Reach(string name, Func<Task> call) => Reach(name, async () => { await call(); return true; });

    public override Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default) =>
        Reach(name, () => base.GetAsync(name, ifNoneMatch, cancellationToken));

    public override Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default) =>
        Reach(name, () => base.GetPropertiesAsync(name, cancellationToken));

    public override Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        Reach(name, () => base.PutAsync(name, content, conditions, cancellationToken));

    public override Task<ETag> CreateAppendBlobAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        Reach(name, () => base.CreateAppendBlobAsync(name, conditions, cancellationToken));

    public override Task<AppendResult> AppendAsync(string name, ReadOnlyMemory<byte> block, AppendConditions? conditions = null, CancellationToken cancellationToken = default) =>
        Reach(name, () => base.AppendAsync(name, block, conditions, cancellationToken));

    public override Task<BlobRange?> GetRangeAsync(string name, long offset, CancellationToken cancellationToken = default) =>
        Reach(name, () => base.GetRangeAsync(name, offset, cancellationToken));

    public override Task<bool> DeleteAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        Reach(name, () => base.DeleteAsync(name, conditions, cancellationToken));

    public override Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = 5000, CancellationToken cancellationToken = default) =>
        Reach(prefix, () => base.ListPageAsync(prefix, continuationToken, pageSizeHint, cancellationToken));

    public override Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default) =>
        Reach(name, () => base.AcquireLeaseAsync(name, duration, proposedLeaseId, cancellationToken));

    public override Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        Reach(name, () => base.RenewLeaseAsync(name, leaseId, cancellationToken));

    public override Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        Reach(name, () => base.ReleaseLeaseAsync(name, leaseId, cancellationToken));

    public override Task<TimeSpan> BreakLeaseAsync(string name, TimeSpan breakPeriod, CancellationToken cancellationToken = default) =>
        Reach(name, () => base.BreakLeaseAsync(name, breakPeriod, cancellationToken));
}
