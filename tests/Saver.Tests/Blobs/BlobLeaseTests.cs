using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Saver.Storage.Blobs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Blobs;

/// <summary>
/// The writer's lease helper, on the in-memory store and a fake clock. Background work
/// (waiting, renewing) runs on real threads, so the tests wait (in real time, with a
/// bound) for the helper to start waiting on the clock before they move it on, and then for
/// what that should cause.
/// </summary>
public sealed class BlobLeaseTests
{
    private const string Blob = "katas/Ab/Cd/Ef/lock";
    private static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(15);

    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly ObservedTimeProvider _clock;
    private readonly ObservedBlobStore _store;
    private readonly ListLogger _log = new();

    public BlobLeaseTests()
    {
        _clock = new ObservedTimeProvider(_time);
        _store = new ObservedBlobStore(new InMemoryBlobStore(_time));
        _store.PutAsync(Blob, new byte[] { 1 }).GetAwaiter().GetResult();
    }

    private Task<BlobLease> AcquireAsync(BlobLeaseOptions? options = null, CancellationToken cancellationToken = default) =>
        BlobLease.AcquireAsync(_store, Blob, options ?? BlobLeaseOptions.Default, _clock, _log, cancellationToken);

    [Fact]
    public void The_defaults_are_the_shortest_lease_and_a_minute_of_waiting()
    {
        Assert.Equal(TimeSpan.FromSeconds(15), BlobLeaseOptions.Default.Duration);
        Assert.Equal(TimeSpan.FromSeconds(60), BlobLeaseOptions.Default.WaitTimeout);
    }

    [Fact]
    public async Task A_free_lease_is_taken_at_once_and_others_are_kept_out()
    {
        await using var lease = await AcquireAsync();

        Assert.Equal(1, _store.AcquireAttempts);
        Assert.False(lease.IsLost);
        await Assert.ThrowsAsync<BlobLeaseException>(() => _store.AcquireLeaseAsync(Blob, TimeSpan.FromSeconds(15)));
        await Assert.ThrowsAsync<BlobLeaseException>(() => _store.PutAsync(Blob, new byte[] { 2 }));
        await _store.PutAsync(Blob, new byte[] { 3 }, BlobConditions.WithLease(lease.LeaseId));
    }

    [Fact]
    public async Task Acquiring_waits_while_another_holds_the_lease_and_takes_it_once_released()
    {
        var other = await _store.AcquireLeaseAsync(Blob, TimeSpan.FromSeconds(60));

        var acquiring = AcquireAsync();
        await PumpAsync(until: () => _store.AcquireAttempts >= 3);
        Assert.False(acquiring.IsCompleted, "took a lease someone else held");

        await _store.ReleaseLeaseAsync(Blob, other);
        await PumpAsync(until: () => acquiring.IsCompleted);

        await using var lease = await acquiring;
        await _store.PutAsync(Blob, new byte[] { 2 }, BlobConditions.WithLease(lease.LeaseId));
    }

    [Fact]
    public async Task Acquiring_gives_up_after_the_wait_timeout_with_a_typed_409()
    {
        await _store.AcquireLeaseAsync(Blob, TimeSpan.FromSeconds(60));
        var started = _time.GetUtcNow();

        var acquiring = AcquireAsync(BlobLeaseOptions.Default with { WaitTimeout = TimeSpan.FromSeconds(5) });
        await PumpAsync(until: () => acquiring.IsCompleted);

        var e = await Assert.ThrowsAsync<BlobLeaseTimeoutException>(() => acquiring);
        Assert.Equal(409, e.Status);
        Assert.Equal(BlobErrorCode.LeaseAlreadyPresent, e.ErrorCode);
        Assert.Equal(Blob, e.BlobName);
        // The upper bounds allow for the clock running on while the background loop was busy.
        Assert.InRange(e.Waited, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(8));
        Assert.InRange(_time.GetUtcNow() - started, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(15));
        // It kept trying, but with pauses (at least 10 ms each), not in a busy loop.
        Assert.InRange(_store.AcquireAttempts, 3, 500);
    }

    [Fact]
    public async Task Acquiring_a_lease_on_a_missing_blob_fails_at_once()
    {
        var e = await Assert.ThrowsAsync<BlobNotFoundException>(() =>
            BlobLease.AcquireAsync(_store, "no/such/blob", BlobLeaseOptions.Default, _clock, _log, CancellationToken.None));

        Assert.Equal(404, e.Status);
        Assert.Equal(1, _store.AcquireAttempts);
    }

    [Fact]
    public async Task Waiting_for_a_lease_can_be_cancelled()
    {
        await _store.AcquireLeaseAsync(Blob, TimeSpan.FromSeconds(60));
        using var cancel = new CancellationTokenSource();

        var acquiring = AcquireAsync(cancellationToken: cancel.Token);
        await PumpAsync(until: () => _store.AcquireAttempts >= 2);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => acquiring.WaitAsync(RealTimeLimit));
    }

    [Fact]
    public async Task The_lease_is_renewed_in_the_background_so_it_outlives_its_duration()
    {
        await using var lease = await AcquireAsync();

        for (var round = 1; round <= 9; round++)
        {
            await AdvanceOnceWaitingAsync(TimeSpan.FromSeconds(5));
            Assert.True(await _store.RenewAttempted.WaitAsync(RealTimeLimit), $"no renewal in round {round}");
        }

        // 45 s after acquiring a 15-second lease:
        Assert.Equal(LeaseState.Leased, (await _store.GetPropertiesAsync(Blob))!.LeaseState);
        await Assert.ThrowsAsync<BlobLeaseException>(() => _store.AcquireLeaseAsync(Blob, TimeSpan.FromSeconds(15)));
        await _store.PutAsync(Blob, new byte[] { 2 }, BlobConditions.WithLease(lease.LeaseId));
        Assert.False(lease.IsLost);
        Assert.Equal(9, _store.RenewAttempts);
    }

    [Fact]
    public async Task A_renewal_refused_because_the_lease_was_broken_marks_it_lost()
    {
        var lease = await AcquireAsync();
        await _store.BreakLeaseAsync(Blob, TimeSpan.Zero);

        await AdvanceOnceWaitingAsync(TimeSpan.FromSeconds(5));

        await WaitUntilLostAsync(lease);
        Assert.True(lease.LostToken.IsCancellationRequested);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("Lost lease"));
        await lease.DisposeAsync(); // releasing a lost lease neither throws nor hangs
    }

    [Fact]
    public async Task A_renewal_refused_because_the_blob_is_gone_marks_the_lease_lost()
    {
        await using var lease = await AcquireAsync();
        await _store.DeleteAsync(Blob, BlobConditions.WithLease(lease.LeaseId));

        await AdvanceOnceWaitingAsync(TimeSpan.FromSeconds(5));

        await WaitUntilLostAsync(lease);
    }

    [Fact]
    public async Task Renewals_failing_for_other_reasons_are_retried_until_the_lease_would_have_expired()
    {
        var acquiredAt = _time.GetUtcNow();
        await using var lease = await AcquireAsync();
        DateTimeOffset? lostAt = null;
        lease.LostToken.Register(() => lostAt = _time.GetUtcNow());
        _store.FailRenewalsWith = () => new BlobStoreException(503, "ServerBusy", "try later");

        // Step by step: each time the renewal loop waits, move the clock to its due time.
        await AdvanceOnceWaitingAsync(TimeSpan.FromSeconds(5));
        Assert.True(await _store.RenewAttempted.WaitAsync(RealTimeLimit));
        var lost = new TaskCompletionSource();
        lease.LostToken.Register(() => lost.TrySetResult());
        while (!lost.Task.IsCompleted && _time.GetUtcNow() - acquiredAt < TimeSpan.FromSeconds(30))
        {
            var waiting = _clock.TimerCreated.WaitAsync(RealTimeLimit);
            if (await Task.WhenAny(waiting, lost.Task) == lost.Task) break;
            Assert.True(await waiting, "the renewal loop neither waited again nor gave up");
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(await _store.RenewAttempted.WaitAsync(RealTimeLimit), "no renewal attempt after a failed one");
        }

        Assert.True(lease.IsLost);
        Assert.NotNull(lostAt);
        Assert.InRange(lostAt.Value - acquiredAt, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(17));
        Assert.True(_store.RenewAttempts >= 10, $"only {_store.RenewAttempts} attempts");
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Could not renew"));
    }

    [Fact]
    public async Task A_transient_renewal_failure_that_recovers_keeps_the_lease()
    {
        await using var lease = await AcquireAsync();
        _store.FailRenewalsWith = () => new TimeoutException("network hiccup");

        await AdvanceOnceWaitingAsync(TimeSpan.FromSeconds(5));
        Assert.True(await _store.RenewAttempted.WaitAsync(RealTimeLimit));
        _store.FailRenewalsWith = null;
        await AdvanceOnceWaitingAsync(TimeSpan.FromSeconds(1));
        Assert.True(await _store.RenewAttempted.WaitAsync(RealTimeLimit));

        Assert.False(lease.IsLost);
        _time.Advance(TimeSpan.FromSeconds(12)); // 18 s after acquiring, 12 s after the renewal
        Assert.Equal(LeaseState.Leased, (await _store.GetPropertiesAsync(Blob))!.LeaseState);
    }

    [Fact]
    public async Task Disposing_stops_renewing_and_releases_the_lease()
    {
        var lease = await AcquireAsync();

        await lease.DisposeAsync();

        Assert.Equal(LeaseState.Available, (await _store.GetPropertiesAsync(Blob))!.LeaseState);
        await _store.AcquireLeaseAsync(Blob, TimeSpan.FromSeconds(15));
        _time.Advance(TimeSpan.FromSeconds(30));
        await PumpAsync(until: () => true);
        Assert.Equal(0, _store.RenewAttempts);
        Assert.Equal(1, _store.ReleaseAttempts);
    }

    [Fact]
    public async Task Disposing_never_throws_and_logs_a_release_that_failed()
    {
        var lease = await AcquireAsync();
        _store.FailReleasesWith = () => new BlobStoreException(500, "InternalError", "the store is down");

        await lease.DisposeAsync();

        Assert.Equal(1, _store.ReleaseAttempts);
        Assert.Contains(_log.Entries, e => e.Level == LogLevel.Warning && e.Exception is BlobStoreException { Status: 500 });
    }

    [Fact]
    public async Task Releasing_explicitly_reports_a_failure_and_then_disposing_does_nothing_more()
    {
        var lease = await AcquireAsync();
        _store.FailReleasesWith = () => new BlobStoreException(500, "InternalError", "the store is down");

        var e = await Assert.ThrowsAsync<BlobStoreException>(() => lease.ReleaseAsync());
        await lease.DisposeAsync();

        Assert.Equal(500, e.Status);
        Assert.Equal(1, _store.ReleaseAttempts);
    }

    [Fact]
    public async Task Releasing_then_disposing_releases_once()
    {
        var lease = await AcquireAsync();

        await lease.ReleaseAsync();
        await lease.DisposeAsync();

        Assert.Equal(1, _store.ReleaseAttempts);
        Assert.Equal(LeaseState.Available, (await _store.GetPropertiesAsync(Blob))!.LeaseState);
        Assert.False(lease.IsLost);
    }

    [Fact]
    public async Task Lease_durations_outside_15_to_60_seconds_are_refused_before_asking_the_store()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => AcquireAsync(BlobLeaseOptions.Default with { Duration = TimeSpan.FromSeconds(10) }));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => AcquireAsync(BlobLeaseOptions.Default with { Duration = TimeSpan.FromSeconds(61) }));
        Assert.Equal(0, _store.AcquireAttempts);
    }

    [Fact]
    public async Task Many_writers_take_turns_and_never_hold_the_lease_together()
    {
        // Real time here: the writers really overlap, and a fake clock would stall their waits.
        var store = new InMemoryBlobStore();
        await store.PutAsync(Blob, new byte[] { 0 });
        var holders = 0;
        var maxHolders = 0;
        var options = BlobLeaseOptions.Default with { FirstRetryDelay = TimeSpan.FromMilliseconds(1), MaxRetryDelay = TimeSpan.FromMilliseconds(5) };

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var lease = await BlobLease.AcquireAsync(store, Blob, options, TimeProvider.System, NullLogger.Instance, CancellationToken.None);
            var now = Interlocked.Increment(ref holders);
            InterlockedMax(ref maxHolders, now);
            await Task.Delay(5);
            Interlocked.Decrement(ref holders);
        })));

        Assert.Equal(1, maxHolders);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
            if (Interlocked.CompareExchange(ref target, value, current) == current) return;
    }

    /// <summary>Waits until the lease helper waits on the clock, then moves the clock on.</summary>
    private async Task AdvanceOnceWaitingAsync(TimeSpan by)
    {
        Assert.True(await _clock.TimerCreated.WaitAsync(RealTimeLimit), "nothing started waiting on the clock");
        _time.Advance(by);
    }

    /// <summary>
    /// Moves the fake clock on in small steps, letting the background work run between
    /// them, until the condition holds (or fails after a real-time limit).
    /// </summary>
    private async Task PumpAsync(Func<bool> until)
    {
        var deadline = DateTime.UtcNow + RealTimeLimit;
        do
        {
            await Task.Delay(5);
            if (until()) return;
            _time.Advance(TimeSpan.FromMilliseconds(50));
        } while (DateTime.UtcNow < deadline);
        Assert.Fail("the awaited condition never came true");
    }

    private static async Task WaitUntilLostAsync(BlobLease lease)
    {
        var lost = new TaskCompletionSource();
        using (lease.LostToken.Register(() => lost.TrySetResult()))
            await lost.Task.WaitAsync(RealTimeLimit);
        Assert.True(lease.IsLost);
    }
}
