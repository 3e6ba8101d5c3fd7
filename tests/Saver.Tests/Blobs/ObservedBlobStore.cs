using Saver.Storage.Blobs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Blobs;

/// <summary>
/// A store that passes everything to another, counts the lease calls, signals each renewal
/// attempt (so a test on a fake clock can wait for the background renewal it caused), and
/// can be told to fail renewals or releases.
/// </summary>
internal sealed class ObservedBlobStore(IBlobStore inner) : DelegatingBlobStore(inner)
{
    private int _acquireAttempts, _renewAttempts, _releaseAttempts;

    public int AcquireAttempts => Volatile.Read(ref _acquireAttempts);
    public int RenewAttempts => Volatile.Read(ref _renewAttempts);
    public int ReleaseAttempts => Volatile.Read(ref _releaseAttempts);

    /// <summary>Released once per renewal attempt, after it succeeded or failed.</summary>
    public SemaphoreSlim RenewAttempted { get; } = new(0);

    public Func<Exception>? FailRenewalsWith { get; set; }
    public Func<Exception>? FailReleasesWith { get; set; }

    public override Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _acquireAttempts);
        return base.AcquireLeaseAsync(name, duration, proposedLeaseId, cancellationToken);
    }

    public override async Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _renewAttempts);
        try
        {
            if (FailRenewalsWith is { } fail) throw fail();
            await base.RenewLeaseAsync(name, leaseId, cancellationToken);
        }
        finally
        {
            RenewAttempted.Release();
        }
    }

    public override Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _releaseAttempts);
        return FailReleasesWith is { } fail ? Task.FromException(fail()) : base.ReleaseLeaseAsync(name, leaseId, cancellationToken);
    }
}
