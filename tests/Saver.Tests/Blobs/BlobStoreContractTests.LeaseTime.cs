using Saver.Storage.Blobs;

namespace Saver.Tests.Blobs;

/// <summary>
/// Leases as time passes. These are the only contract tests that let time pass for a
/// lease; against Azure each one really waits, so they are few and as short as Azure's
/// 15-second minimum allows.
/// </summary>
public abstract partial class BlobStoreContractTests
{
    private static readonly TimeSpan PastTheLease = LeaseDuration + TimeSpan.FromSeconds(1);

    [Fact]
    public async Task A_lease_expires_after_its_duration_and_the_next_write_forgets_it()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var expired = await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await LetTimePassAsync(PastTheLease);

        await AssertLeaseStateAsync("a/b", LeaseState.Expired);
        // Azure's error table names LeaseLost ("a lease id was specified, but the lease has
        // expired"); Azurite answers LeaseNotPresentWithBlobOperation. Either says: not yours.
        var e = await Assert.ThrowsAsync<BlobLeaseException>(() => Store.PutAsync("a/b", Bytes("late"), BlobConditions.WithLease(expired)));
        Assert.Equal(412, e.Status);
        Assert.Contains(e.ErrorCode, new[] { BlobErrorCode.LeaseLost, BlobErrorCode.LeaseNotPresentWithBlobOperation });

        await Store.PutAsync("a/b", Bytes("anyone may write"));
        await AssertContentAsync("a/b", "anyone may write");
        await AssertLeaseStateAsync("a/b", LeaseState.Available);
        await AssertFailsAsync<BlobLeaseException>(409, BlobErrorCode.LeaseIdMismatchWithLeaseOperation,
            () => Store.RenewLeaseAsync("a/b", expired));
    }

    [Fact]
    public async Task After_a_lease_expires_someone_else_can_acquire_and_the_old_id_is_refused()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var expired = await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await LetTimePassAsync(PastTheLease);
        var next = await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        Assert.False(string.Equals(expired, next, StringComparison.OrdinalIgnoreCase), "a new holder gets a new id");
        await AssertLeaseStateAsync("a/b", LeaseState.Leased);
        await AssertFailsAsync<BlobLeaseException>(409, BlobErrorCode.LeaseIdMismatchWithLeaseOperation,
            () => Store.RenewLeaseAsync("a/b", expired));
        await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseIdMismatchWithBlobOperation,
            () => Store.PutAsync("a/b", Bytes("late"), BlobConditions.WithLease(expired)));
        await Store.PutAsync("a/b", Bytes("new holder"), BlobConditions.WithLease(next));
    }

    [Fact]
    public async Task An_expired_lease_that_nobody_took_can_be_renewed()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var leaseId = await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await LetTimePassAsync(PastTheLease);
        await Store.RenewLeaseAsync("a/b", leaseId);

        await AssertLeaseStateAsync("a/b", LeaseState.Leased);
        await AssertFailsAsync<BlobLeaseException>(409, BlobErrorCode.LeaseAlreadyPresent,
            () => Store.AcquireLeaseAsync("a/b", LeaseDuration));
        await Store.PutAsync("a/b", Bytes("still ours"), BlobConditions.WithLease(leaseId));
    }

    [Fact]
    public async Task Acquiring_again_with_the_active_id_restarts_its_duration()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var leaseId = await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await LetTimePassAsync(TimeSpan.FromSeconds(10));
        await Store.AcquireLeaseAsync("a/b", LeaseDuration, leaseId);
        await LetTimePassAsync(TimeSpan.FromSeconds(10));

        // 20 s after the first acquire, 10 s after the second: still held.
        await AssertLeaseStateAsync("a/b", LeaseState.Leased);
        await AssertFailsAsync<BlobLeaseException>(409, BlobErrorCode.LeaseAlreadyPresent,
            () => Store.AcquireLeaseAsync("a/b", LeaseDuration));
    }

    [Fact]
    public async Task Breaking_with_a_period_keeps_the_blob_locked_until_the_period_ends()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var leaseId = await Store.AcquireLeaseAsync("a/b", TimeSpan.FromSeconds(60));

        var remaining = await Store.BreakLeaseAsync("a/b", TimeSpan.FromSeconds(2));

        Assert.InRange(remaining, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(2));
        await AssertLeaseStateAsync("a/b", LeaseState.Breaking);
        await AssertFailsAsync<BlobLeaseException>(409, BlobErrorCode.LeaseAlreadyPresent,
            () => Store.AcquireLeaseAsync("a/b", LeaseDuration));
        await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseIdMissing,
            () => Store.PutAsync("a/b", Bytes("no id")));
        await Store.PutAsync("a/b", Bytes("the holder may still write"), BlobConditions.WithLease(leaseId));

        await LetTimePassAsync(TimeSpan.FromSeconds(3));

        await AssertLeaseStateAsync("a/b", LeaseState.Broken);
        var next = await Store.AcquireLeaseAsync("a/b", LeaseDuration);
        await Store.PutAsync("a/b", Bytes("new holder"), BlobConditions.WithLease(next));
        await AssertContentAsync("a/b", "new holder");
    }
}
