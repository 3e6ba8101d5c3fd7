using Microsoft.Extensions.Logging;

namespace Saver.Storage.Blobs;

/// <summary>
/// A blob's lease, held by one writer while it works: acquired by waiting for any other
/// holder to finish, renewed in the background, released when done. Writes made while it
/// is held pass <see cref="LeaseId"/> (<see cref="BlobConditions.WithLease"/>), so a writer
/// that lost its lease cannot overwrite the next holder's work.
/// </summary>
/// <example>
/// <code>
/// await using var lease = await BlobLease.AcquireAsync(store, "katas/Ab/Cd/Ef/lock", BlobLeaseOptions.Default, time, logger, ct);
/// using var work = CancellationTokenSource.CreateLinkedTokenSource(ct, lease.LostToken);
/// await store.PutAsync(name, content, BlobConditions.WithLease(lease.LeaseId), work.Token);
/// </code>
/// </example>
public sealed class BlobLease : IAsyncDisposable
{
    /// <summary>The pause between renewal attempts after one failed for a reason other than the lease.</summary>
    private static readonly TimeSpan RenewRetryDelay = TimeSpan.FromSeconds(1);

    private readonly IBlobStore _store;
    private readonly BlobLeaseOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _lost = new();
    private readonly CancellationTokenSource _stopRenewing = new();
    private readonly Task _renewing;
    private int _ended;

    private BlobLease(IBlobStore store, string blobName, string leaseId, BlobLeaseOptions options, TimeProvider time, ILogger logger, long acquireSentAt)
    {
        _store = store;
        BlobName = blobName;
        LeaseId = leaseId;
        _options = options;
        _time = time;
        _logger = logger;
        _renewing = RenewUntilStoppedAsync(acquireSentAt);
    }

    public string BlobName { get; }

    /// <summary>The id to pass with every write to the blob while the lease is held.</summary>
    public string LeaseId { get; }

    /// <summary>
    /// Cancelled when the lease is lost: a renewal was refused (it was broken, or expired and
    /// taken by someone else, or the blob is gone), or renewals failed until it must have
    /// expired. Link it into the work done under the lease. Not cancelled by a release.
    /// </summary>
    public CancellationToken LostToken => _lost.Token;

    public bool IsLost => _lost.IsCancellationRequested;

    /// <summary>
    /// Acquires the blob's lease, waiting with jittered, growing pauses while someone else
    /// holds it, for at most <see cref="BlobLeaseOptions.WaitTimeout"/>; then throws
    /// <see cref="BlobLeaseTimeoutException"/>. Any other failure (the blob does not exist,
    /// the store is down) is thrown at once.
    /// </summary>
    /// <param name="leaseId">
    /// The id to acquire with; default a new one. A holder that keeps one id per blob gets its
    /// own lease back at once should a release of its last one not have reached the store.
    /// </param>
    public static async Task<BlobLease> AcquireAsync(IBlobStore store, string blobName, BlobLeaseOptions options,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken, string? leaseId = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();

        // One id for every attempt: should an attempt succeed but its answer be lost, the
        // next attempt proposes the same id and simply gets the lease again.
        leaseId ??= Guid.NewGuid().ToString();
        var started = time.GetTimestamp();
        var nextDelay = options.FirstRetryDelay;
        while (true)
        {
            var sentAt = time.GetTimestamp();
            try
            {
                await store.AcquireLeaseAsync(blobName, options.Duration, leaseId, cancellationToken).ConfigureAwait(false);
                BlobLeaseLog.Acquired(logger, blobName, leaseId);
                return new BlobLease(store, blobName, leaseId, options, time, logger, sentAt);
            }
            catch (BlobLeaseException e) when (e.ErrorCode == BlobErrorCode.LeaseAlreadyPresent)
            {
                var waited = time.GetElapsedTime(started);
                if (waited >= options.WaitTimeout)
                {
                    BlobLeaseLog.GaveUp(logger, blobName, waited.TotalMilliseconds);
                    throw new BlobLeaseTimeoutException(blobName, waited, e);
                }
                // Half to all of the current delay, so waiters that collided do not retry in step.
                var pause = nextDelay * (0.5 + Random.Shared.NextDouble() / 2);
                if (pause > options.WaitTimeout - waited) pause = options.WaitTimeout - waited;
                BlobLeaseLog.WaitingForLease(logger, blobName, pause.TotalMilliseconds);
                await Task.Delay(pause, time, cancellationToken).ConfigureAwait(false);
                nextDelay = nextDelay * 2 < options.MaxRetryDelay ? nextDelay * 2 : options.MaxRetryDelay;
            }
        }
    }

    /// <summary>
    /// Stops renewing and releases the lease, so the next writer need not wait for it to
    /// expire. Store failures are thrown, except a refusal once the lease is known to be
    /// lost (there is nothing left to release). Only the first call does anything.
    /// </summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1) return;
        await StopRenewingAsync().ConfigureAwait(false);
        try
        {
            await _store.ReleaseLeaseAsync(BlobName, LeaseId, cancellationToken).ConfigureAwait(false);
            BlobLeaseLog.Released(_logger, BlobName, LeaseId);
        }
        catch (BlobStoreException e) when (IsLost && IsLeaseGone(e))
        {
            BlobLeaseLog.ReleaseFailed(_logger, e, BlobName, LeaseId);
        }
    }

    /// <summary>Stops renewing and releases the lease if that was not done yet; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _ended, 1) == 1) return;
        await StopRenewingAsync().ConfigureAwait(false);
        try
        {
            await _store.ReleaseLeaseAsync(BlobName, LeaseId, CancellationToken.None).ConfigureAwait(false);
            BlobLeaseLog.Released(_logger, BlobName, LeaseId);
        }
        catch (Exception e)
        {
            BlobLeaseLog.ReleaseFailed(_logger, e, BlobName, LeaseId);
        }
    }

    private async Task StopRenewingAsync()
    {
        await _stopRenewing.CancelAsync().ConfigureAwait(false);
        await _renewing.ConfigureAwait(false);
    }

    /// <summary>
    /// Renews every third of the duration, timed from when the last successful request was
    /// sent (so the lease on the server still has two thirds of its time when a renewal is
    /// due). Each round waits until a due time rather than for a fixed delay, so a round that
    /// starts late renews at once instead of drifting towards expiry.
    /// </summary>
    private async Task RenewUntilStoppedAsync(long lastSentAt)
    {
        await Task.Yield(); // let the constructor return before the first round
        var stop = _stopRenewing.Token;
        var nextDue = After(lastSentAt, _options.Duration / 3);
        try
        {
            while (true)
            {
                var dueIn = _time.GetElapsedTime(_time.GetTimestamp(), nextDue);
                if (dueIn > TimeSpan.Zero) await Task.Delay(dueIn, _time, stop).ConfigureAwait(false);
                var sentAt = _time.GetTimestamp();
                try
                {
                    await _store.RenewLeaseAsync(BlobName, LeaseId, stop).ConfigureAwait(false);
                    lastSentAt = sentAt;
                    nextDue = After(sentAt, _options.Duration / 3);
                }
                catch (Exception e) when (!stop.IsCancellationRequested)
                {
                    if (e is BlobStoreException storeError && IsLeaseGone(storeError))
                    {
                        MarkLost(e);
                        return;
                    }
                    // A failure that says nothing about the lease (a timeout, a busy server):
                    // keep trying for as long as the lease can still be ours.
                    if (_time.GetElapsedTime(lastSentAt) >= _options.Duration)
                    {
                        MarkLost(e);
                        return;
                    }
                    BlobLeaseLog.RenewFailed(_logger, e, BlobName, LeaseId);
                    // From when the attempt was sent, like every due time here, so a slow
                    // failure does not push the retry back.
                    nextDue = After(sentAt, RenewRetryDelay);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Released or disposed.
        }
    }

    private long After(long timestamp, TimeSpan span) => timestamp + (long)(span.TotalSeconds * _time.TimestampFrequency);

    /// <summary>The answers that mean the lease is no longer this holder's.</summary>
    private static bool IsLeaseGone(BlobStoreException e) => e is BlobLeaseException or BlobNotFoundException;

    private void MarkLost(Exception cause)
    {
        BlobLeaseLog.Lost(_logger, cause, BlobName, LeaseId);
        try
        {
            _lost.Cancel();
        }
        catch (AggregateException e)
        {
            // A callback registered on LostToken threw; it must not stop the others or us.
            BlobLeaseLog.Lost(_logger, e, BlobName, LeaseId);
        }
    }
}
