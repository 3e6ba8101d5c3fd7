using Saver.Storage.Blobs;

namespace Saver.Tests.Blobs;

/// <summary>Leases without waiting: acquire, writes under a lease, renew, release, break.</summary>
public abstract partial class BlobStoreContractTests
{
    [Fact]
    public async Task Lease_operations_on_a_missing_blob_fail_with_404_BlobNotFound()
    {
        await AssertFailsAsync<BlobNotFoundException>(404, BlobErrorCode.BlobNotFound,
            () => Store.AcquireLeaseAsync("no/blob", LeaseDuration));
        await AssertFailsAsync<BlobNotFoundException>(404, BlobErrorCode.BlobNotFound,
            () => Store.RenewLeaseAsync("no/blob", NewLeaseId()));
        await AssertFailsAsync<BlobNotFoundException>(404, BlobErrorCode.BlobNotFound,
            () => Store.ReleaseLeaseAsync("no/blob", NewLeaseId()));
        await AssertFailsAsync<BlobNotFoundException>(404, BlobErrorCode.BlobNotFound,
            () => Store.BreakLeaseAsync("no/blob", TimeSpan.Zero));
        Assert.Null(await Store.GetAsync("no/blob"));
    }

    [Fact]
    public async Task An_acquired_lease_has_the_proposed_id_and_shows_in_the_properties()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var proposed = NewLeaseId();

        var leaseId = await Store.AcquireLeaseAsync("a/b", LeaseDuration, proposed);

        Assert.Equal(proposed, leaseId, ignoreCase: true);
        await AssertLeaseStateAsync("a/b", LeaseState.Leased);
    }

    [Fact]
    public async Task Without_a_proposed_id_acquire_returns_a_new_guid()
    {
        await Store.PutAsync("a/b", Bytes("x"));

        var leaseId = await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        Assert.True(Guid.TryParse(leaseId, out _), leaseId);
        await Store.PutAsync("a/b", Bytes("y"), BlobConditions.WithLease(leaseId));
        await AssertContentAsync("a/b", "y");
    }

    [Fact]
    public async Task A_second_acquire_fails_with_409_LeaseAlreadyPresent()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var held = await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await AssertFailsAsync<BlobLeaseException>(409, BlobErrorCode.LeaseAlreadyPresent,
            () => Store.AcquireLeaseAsync("a/b", LeaseDuration));
        await AssertFailsAsync<BlobLeaseException>(409, BlobErrorCode.LeaseAlreadyPresent,
            () => Store.AcquireLeaseAsync("a/b", LeaseDuration, NewLeaseId()));

        await Store.PutAsync("a/b", Bytes("still ours"), BlobConditions.WithLease(held));
    }

    [Fact]
    public async Task Acquiring_again_with_the_active_lease_id_succeeds()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var held = await Store.AcquireLeaseAsync("a/b", LeaseDuration, NewLeaseId());

        var again = await Store.AcquireLeaseAsync("a/b", TimeSpan.FromSeconds(30), held);

        Assert.Equal(held, again, ignoreCase: true);
        await AssertLeaseStateAsync("a/b", LeaseState.Leased);
    }

    [Fact]
    public async Task A_leased_blob_can_be_read_without_its_lease_id()
    {
        await Store.PutAsync("a/b", Bytes("readable"));
        await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await AssertContentAsync("a/b", "readable");
        Assert.Single((await Store.ListPageAsync("a/")).Items);
    }

    [Fact]
    public async Task A_put_on_a_leased_blob_without_the_lease_id_fails_with_412_LeaseIdMissing()
    {
        var etag = await Store.PutAsync("a/b", Bytes("x"));
        await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseIdMissing,
            () => Store.PutAsync("a/b", Bytes("no id")));
        await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseIdMissing,
            () => Store.PutAsync("a/b", Bytes("no id"), BlobConditions.Matching(etag)));

        await AssertContentAsync("a/b", "x");
    }

    [Fact]
    public async Task A_put_on_a_leased_blob_with_a_wrong_lease_id_fails_with_412_LeaseIdMismatchWithBlobOperation()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseIdMismatchWithBlobOperation,
            () => Store.PutAsync("a/b", Bytes("wrong id"), BlobConditions.WithLease(NewLeaseId())));

        await AssertContentAsync("a/b", "x");
    }

    [Fact]
    public async Task A_lease_id_on_a_put_to_an_unleased_blob_fails_with_412_LeaseNotPresentWithBlobOperation()
    {
        await Store.PutAsync("a/b", Bytes("x"));

        await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseNotPresentWithBlobOperation,
            () => Store.PutAsync("a/b", Bytes("y"), BlobConditions.WithLease(NewLeaseId())));
        await AssertContentAsync("a/b", "x");
        if (RefusesLeaseIdOnNewBlob)
        {
            await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseNotPresentWithBlobOperation,
                () => Store.PutAsync("a/new", Bytes("y"), BlobConditions.WithLease(NewLeaseId())));
            Assert.Null(await Store.GetAsync("a/new"));
        }
        else
        {
            // Pins the emulator's known difference, so we notice when it starts to behave as Azure.
            await Store.PutAsync("a/new", Bytes("y"), BlobConditions.WithLease(NewLeaseId()));
            await AssertContentAsync("a/new", "y");
        }
    }

    [Fact]
    public async Task A_put_with_the_lease_id_succeeds_and_keeps_the_lease()
    {
        var first = await Store.PutAsync("a/b", Bytes("x"));
        var leaseId = await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        var second = await Store.PutAsync("a/b", Bytes("y"), BlobConditions.WithLease(leaseId));
        await Store.PutAsync("a/b", Bytes("z"), BlobConditions.Matching(second, leaseId));

        await AssertContentAsync("a/b", "z");
        await AssertLeaseStateAsync("a/b", LeaseState.Leased);
        await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseIdMissing, () => Store.PutAsync("a/b", Bytes("no id")));
        await AssertFailsAsync<BlobLeaseException>(409, BlobErrorCode.LeaseAlreadyPresent, () => Store.AcquireLeaseAsync("a/b", LeaseDuration));
        await AssertFailsAsync<BlobConditionFailedException>(412, BlobErrorCode.ConditionNotMet,
            () => Store.PutAsync("a/b", Bytes("stale"), BlobConditions.Matching(first, leaseId)));
    }

    [Fact]
    public async Task A_delete_on_a_leased_blob_needs_its_lease_id()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var leaseId = await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseIdMissing, () => Store.DeleteAsync("a/b"));
        await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseIdMismatchWithBlobOperation,
            () => Store.DeleteAsync("a/b", BlobConditions.WithLease(NewLeaseId())));
        await AssertContentAsync("a/b", "x");

        Assert.True(await Store.DeleteAsync("a/b", BlobConditions.WithLease(leaseId)));
        Assert.Null(await Store.GetAsync("a/b"));
    }

    [Fact]
    public async Task A_lease_id_on_a_delete_of_an_unleased_blob_fails_with_412_LeaseNotPresentWithBlobOperation()
    {
        await Store.PutAsync("a/b", Bytes("x"));

        await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseNotPresentWithBlobOperation,
            () => Store.DeleteAsync("a/b", BlobConditions.WithLease(NewLeaseId())));

        await AssertContentAsync("a/b", "x");
    }

    [Fact]
    public async Task Deleting_a_leased_blob_ends_its_lease()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var leaseId = await Store.AcquireLeaseAsync("a/b", LeaseDuration);
        await Store.DeleteAsync("a/b", BlobConditions.WithLease(leaseId));

        await Store.PutAsync("a/b", Bytes("reborn"), BlobConditions.CreateOnly);

        await AssertLeaseStateAsync("a/b", LeaseState.Available);
        await Store.PutAsync("a/b", Bytes("no lease needed"));
        await AssertContentAsync("a/b", "no lease needed");
    }

    [Fact]
    public async Task Renewing_keeps_the_lease_and_a_wrong_id_fails_with_409_LeaseIdMismatchWithLeaseOperation()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var leaseId = await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await Store.RenewLeaseAsync("a/b", leaseId);
        await AssertFailsAsync<BlobLeaseException>(409, BlobErrorCode.LeaseIdMismatchWithLeaseOperation,
            () => Store.RenewLeaseAsync("a/b", NewLeaseId()));

        await AssertLeaseStateAsync("a/b", LeaseState.Leased);
        await Store.PutAsync("a/b", Bytes("y"), BlobConditions.WithLease(leaseId));
    }

    [Fact]
    public async Task Releasing_frees_the_blob_at_once()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var leaseId = await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await Store.ReleaseLeaseAsync("a/b", leaseId);

        await AssertLeaseStateAsync("a/b", LeaseState.Available);
        await Store.PutAsync("a/b", Bytes("anyone may write"));
        var next = await Store.AcquireLeaseAsync("a/b", LeaseDuration);
        Assert.False(string.Equals(leaseId, next, StringComparison.OrdinalIgnoreCase), "a new holder gets a new id");
    }

    [Fact]
    public async Task Releasing_with_a_wrong_id_fails_with_409_LeaseIdMismatchWithLeaseOperation()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var leaseId = await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await AssertFailsAsync<BlobLeaseException>(409, BlobErrorCode.LeaseIdMismatchWithLeaseOperation,
            () => Store.ReleaseLeaseAsync("a/b", NewLeaseId()));

        await AssertLeaseStateAsync("a/b", LeaseState.Leased);
        await Store.PutAsync("a/b", Bytes("y"), BlobConditions.WithLease(leaseId));
    }

    [Fact]
    public async Task Renewing_or_releasing_an_unleased_blob_fails_with_409()
    {
        await Store.PutAsync("a/b", Bytes("x"));

        // Azure documents only "fails (409)" here; Azurite answers LeaseIdMismatchWithLeaseOperation.
        var renew = await Assert.ThrowsAsync<BlobLeaseException>(() => Store.RenewLeaseAsync("a/b", NewLeaseId()));
        var release = await Assert.ThrowsAsync<BlobLeaseException>(() => Store.ReleaseLeaseAsync("a/b", NewLeaseId()));

        Assert.Equal(409, renew.Status);
        Assert.Equal(409, release.Status);
        await AssertLeaseStateAsync("a/b", LeaseState.Available);
    }

    [Fact]
    public async Task Breaking_with_a_zero_period_frees_the_blob_at_once()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        await Store.AcquireLeaseAsync("a/b", TimeSpan.FromSeconds(60));

        var remaining = await Store.BreakLeaseAsync("a/b", TimeSpan.Zero);

        Assert.Equal(TimeSpan.Zero, remaining);
        await AssertLeaseStateAsync("a/b", LeaseState.Broken);
        await Store.PutAsync("a/b", Bytes("written without a lease"));
        await AssertContentAsync("a/b", "written without a lease");
        var next = await Store.AcquireLeaseAsync("a/b", LeaseDuration);
        await Store.PutAsync("a/b", Bytes("new holder"), BlobConditions.WithLease(next));
    }

    [Fact]
    public async Task A_broken_lease_cannot_be_renewed_but_can_be_released()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        var leaseId = await Store.AcquireLeaseAsync("a/b", LeaseDuration);
        await Store.BreakLeaseAsync("a/b", TimeSpan.Zero);

        await AssertFailsAsync<BlobLeaseException>(409, "LeaseIsBrokenAndCannotBeRenewed", () => Store.RenewLeaseAsync("a/b", leaseId));

        await Store.ReleaseLeaseAsync("a/b", leaseId);
        await AssertLeaseStateAsync("a/b", LeaseState.Available);
    }

    [Fact]
    public async Task Breaking_when_there_is_no_lease_fails_with_409_LeaseNotPresentWithLeaseOperation()
    {
        await Store.PutAsync("a/b", Bytes("x"));

        await AssertFailsAsync<BlobLeaseException>(409, BlobErrorCode.LeaseNotPresentWithLeaseOperation,
            () => Store.BreakLeaseAsync("a/b", TimeSpan.Zero));

        await AssertLeaseStateAsync("a/b", LeaseState.Available);
    }

    [Fact]
    public async Task A_break_never_locks_the_blob_longer_than_the_lease_would_have()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        var remaining = await Store.BreakLeaseAsync("a/b", TimeSpan.FromSeconds(60));

        Assert.InRange(remaining, TimeSpan.FromTicks(1), LeaseDuration);
        await AssertLeaseStateAsync("a/b", LeaseState.Breaking);
    }

    [Fact]
    public async Task Lease_durations_outside_15_to_60_seconds_fail_with_400_InvalidHeaderValue()
    {
        await Store.PutAsync("a/b", Bytes("x"));

        foreach (var seconds in new[] { 0, 14, 61, 3600 })
            await AssertFailsAsync<BlobStoreException>(400, BlobErrorCode.InvalidHeaderValue,
                () => Store.AcquireLeaseAsync("a/b", TimeSpan.FromSeconds(seconds)));

        await AssertLeaseStateAsync("a/b", LeaseState.Available);
        await Store.AcquireLeaseAsync("a/b", TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Break_periods_outside_0_to_60_seconds_fail_with_400_InvalidHeaderValue()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await AssertFailsAsync<BlobStoreException>(400, BlobErrorCode.InvalidHeaderValue,
            () => Store.BreakLeaseAsync("a/b", TimeSpan.FromSeconds(61)));

        await AssertLeaseStateAsync("a/b", LeaseState.Leased);
    }

    [Fact]
    public async Task A_proposed_lease_id_that_is_not_a_guid_fails_with_400_InvalidHeaderValue()
    {
        await Store.PutAsync("a/b", Bytes("x"));

        await AssertFailsAsync<BlobStoreException>(400, BlobErrorCode.InvalidHeaderValue,
            () => Store.AcquireLeaseAsync("a/b", LeaseDuration, "not-a-guid"));

        await AssertLeaseStateAsync("a/b", LeaseState.Available);
    }

    [Fact]
    public async Task A_lease_on_one_blob_does_not_lock_another()
    {
        await Store.PutAsync("a/b", Bytes("x"));
        await Store.PutAsync("a/b/c", Bytes("x"));
        await Store.PutAsync("a/bc", Bytes("x"));
        await Store.AcquireLeaseAsync("a/b", LeaseDuration);

        await Store.PutAsync("a/b/c", Bytes("free"));
        await Store.PutAsync("a/bc", Bytes("free"));
        await Store.AcquireLeaseAsync("a/bc", LeaseDuration);

        await AssertContentAsync("a/b/c", "free");
        await AssertLeaseStateAsync("a/b/c", LeaseState.Available);
    }
}
