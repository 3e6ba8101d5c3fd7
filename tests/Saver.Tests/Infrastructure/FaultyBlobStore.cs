using Saver.Storage.Blobs;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// A blob store that passes everything through to a real one, except where a test tells
/// it to fail: so a test can stop a write at an exact step, as a crash or an outage would.
/// </summary>
public sealed class FaultyBlobStore(IBlobStore inner) : DelegatingBlobStore(inner)
{
    /// <summary>Called before each write (a put, an append blob's creation, an append); return an exception to fail it instead.</summary>
    public Func<string, Exception?> BeforePut { get; set; } = _ => null;

    /// <summary>When true, lease releases and renewals fail as they would if the process had died.</summary>
    public bool LeaseHolderIsDead { get; set; }

    public int Puts;

    public override Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        if (BeforePut(name) is { } failure) throw failure;
        Interlocked.Increment(ref Puts);
        return base.PutAsync(name, content, conditions, cancellationToken);
    }

    public override Task<ETag> CreateAppendBlobAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        if (BeforePut(name) is { } failure) throw failure;
        Interlocked.Increment(ref Puts);
        return base.CreateAppendBlobAsync(name, conditions, cancellationToken);
    }

    public override Task<AppendResult> AppendAsync(string name, ReadOnlyMemory<byte> block, AppendConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        if (BeforePut(name) is { } failure) throw failure;
        Interlocked.Increment(ref Puts);
        return base.AppendAsync(name, block, conditions, cancellationToken);
    }

    public override Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        LeaseHolderIsDead ? throw new SimulatedCrashException("renew") : base.RenewLeaseAsync(name, leaseId, cancellationToken);

    public override Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        LeaseHolderIsDead ? throw new SimulatedCrashException("release") : base.ReleaseLeaseAsync(name, leaseId, cancellationToken);
}

public sealed class SimulatedCrashException(string step) : Exception($"simulated crash at {step}");
