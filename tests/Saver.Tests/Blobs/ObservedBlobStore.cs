using Saver.Storage.Blobs;

namespace Saver.Tests.Blobs;

/// <summary>
/// A store that passes everything to another, counts the lease calls, signals each renewal
/// attempt (so a test on a fake clock can wait for the background renewal it caused), and
/// can be told to fail renewals or releases.
/// </summary>
internal sealed class ObservedBlobStore(IBlobStore inner) : IBlobStore
{
    private int _acquireAttempts, _renewAttempts, _releaseAttempts;

    public int AcquireAttempts => Volatile.Read(ref _acquireAttempts);
    public int RenewAttempts => Volatile.Read(ref _renewAttempts);
    public int ReleaseAttempts => Volatile.Read(ref _releaseAttempts);

    /// <summary>Released once per renewal attempt, after it succeeded or failed.</summary>
    public SemaphoreSlim RenewAttempted { get; } = new(0);

    public Func<Exception>? FailRenewalsWith { get; set; }
    public Func<Exception>? FailReleasesWith { get; set; }

    public Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default) =>
        inner.GetAsync(name, ifNoneMatch, cancellationToken);

    public Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default) =>
        inner.GetPropertiesAsync(name, cancellationToken);

    public Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        inner.PutAsync(name, content, conditions, cancellationToken);

    public Task<bool> DeleteAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(name, conditions, cancellationToken);

    public Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = 5000, CancellationToken cancellationToken = default) =>
        inner.ListPageAsync(prefix, continuationToken, pageSizeHint, cancellationToken);

    public Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _acquireAttempts);
        return inner.AcquireLeaseAsync(name, duration, proposedLeaseId, cancellationToken);
    }

    public async Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _renewAttempts);
        try
        {
            if (FailRenewalsWith is { } fail) throw fail();
            await inner.RenewLeaseAsync(name, leaseId, cancellationToken);
        }
        finally
        {
            RenewAttempted.Release();
        }
    }

    public Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _releaseAttempts);
        return FailReleasesWith is { } fail ? Task.FromException(fail()) : inner.ReleaseLeaseAsync(name, leaseId, cancellationToken);
    }

    public Task<TimeSpan> BreakLeaseAsync(string name, TimeSpan breakPeriod, CancellationToken cancellationToken = default) =>
        inner.BreakLeaseAsync(name, breakPeriod, cancellationToken);
}
