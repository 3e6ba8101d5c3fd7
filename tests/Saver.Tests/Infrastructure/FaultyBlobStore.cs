using Saver.Storage.Blobs;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// A blob store that passes everything through to a real one, except where a test tells
/// it to fail: so a test can stop a write at an exact step, as a crash or an outage would.
/// </summary>
public sealed class FaultyBlobStore(IBlobStore inner) : IBlobStore
{
    /// <summary>Called before each put; return an exception to fail that put instead.</summary>
    public Func<string, Exception?> BeforePut { get; set; } = _ => null;

    /// <summary>When true, lease releases and renewals fail as they would if the process had died.</summary>
    public bool LeaseHolderIsDead { get; set; }

    public int Puts;

    public Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default) =>
        inner.GetAsync(name, ifNoneMatch, cancellationToken);

    public Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default) =>
        inner.GetPropertiesAsync(name, cancellationToken);

    public Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        if (BeforePut(name) is { } failure) throw failure;
        Interlocked.Increment(ref Puts);
        return inner.PutAsync(name, content, conditions, cancellationToken);
    }

    public Task<bool> DeleteAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        inner.DeleteAsync(name, conditions, cancellationToken);

    public Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = 5000, CancellationToken cancellationToken = default) =>
        inner.ListPageAsync(prefix, continuationToken, pageSizeHint, cancellationToken);

    public Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default) =>
        inner.AcquireLeaseAsync(name, duration, proposedLeaseId, cancellationToken);

    public Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        LeaseHolderIsDead ? throw new SimulatedCrashException("renew") : inner.RenewLeaseAsync(name, leaseId, cancellationToken);

    public Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        LeaseHolderIsDead ? throw new SimulatedCrashException("release") : inner.ReleaseLeaseAsync(name, leaseId, cancellationToken);

    public Task<TimeSpan> BreakLeaseAsync(string name, TimeSpan breakPeriod, CancellationToken cancellationToken = default) =>
        inner.BreakLeaseAsync(name, breakPeriod, cancellationToken);
}

public sealed class SimulatedCrashException(string step) : Exception($"simulated crash at {step}");
