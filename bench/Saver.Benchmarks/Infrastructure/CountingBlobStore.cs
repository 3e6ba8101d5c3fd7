using System.Collections.Concurrent;
using Saver.Storage.Blobs;

namespace Saver.Benchmarks.Infrastructure;

/// <summary>
/// Passes every call through, counting the calls and the bytes written (puts and appends),
/// and apart those a request made before its answer started (<see cref="RequestStarted"/>,
/// <see cref="MarkAnswer"/>): work a request leaves running after it answers is not its.
/// </summary>
public sealed class CountingBlobStore(IBlobStore inner) : DelegatingBlobStore(inner)
{
    private long _calls;
    private long _bytesWritten;
    private readonly AsyncLocal<RequestCounts?> _request = new();
    private (long Calls, long BytesWritten) _atAnswer;
    private double _storeTimeAtAnswer;
    private ConcurrentQueue<FreshnessCheck>? _freshnessChecks;

    /// <summary>Calls and bytes written so far.</summary>
    public (long Calls, long BytesWritten) Counts => (Interlocked.Read(ref _calls), Interlocked.Read(ref _bytesWritten));

    /// <summary>Marks the start of a request: calls made in its flow are counted as its own.</summary>
    public void RequestStarted() => _request.Value = new RequestCounts();

    /// <summary>Marks the request's response starting: what it did so far, it did before answering.</summary>
    public void MarkAnswer()
    {
        if (_request.Value is { } request)
            lock (this)
            {
                _atAnswer = (request.Calls, request.BytesWritten);
                _storeTimeAtAnswer = request.StoreMs;
            }
    }

    /// <summary>
    /// How long the latest request's calls took before its answer started (a save's calls
    /// follow one another, so this is its time waiting on the store): the store's share of a
    /// slow request, told apart from the app's own.
    /// </summary>
    public double StoreTimeAtAnswerMs
    {
        get
        {
            lock (this) return _storeTimeAtAnswer;
        }
    }

    /// <summary>The calls made, and bytes written, by the latest request before its answer started.</summary>
    public (long Calls, long BytesWritten) AtAnswer
    {
        get
        {
            lock (this) return _atAnswer;
        }
    }

    /// <summary>
    /// Notes every properties call and listing (the calls that ask whether blobs changed) until
    /// the returned scope ends, so a control can make the same calls again with no Saver around them.
    /// </summary>
    public FreshnessChecksRecording RecordFreshnessChecks()
    {
        var checks = new ConcurrentQueue<FreshnessCheck>();
        _freshnessChecks = checks;
        return new FreshnessChecksRecording(checks, () => _freshnessChecks = null);
    }

    /// <summary>The checks made while recording, in the order asked.</summary>
    public sealed class FreshnessChecksRecording(ConcurrentQueue<FreshnessCheck> checks, Action stop) : IDisposable
    {
        public IReadOnlyList<FreshnessCheck> Checks => [.. checks];

        public void Dispose() => stop();
    }

    private sealed class RequestCounts
    {
        public long Calls;
        public long BytesWritten;
        public double StoreMs;

        public void Took(double milliseconds)
        {
            lock (this) StoreMs += milliseconds;
        }
    }

    private T Count<T>(T task, long bytes = 0) where T : Task
    {
        Interlocked.Increment(ref _calls);
        Interlocked.Add(ref _bytesWritten, bytes);
        if (_request.Value is { } request)
        {
            Interlocked.Increment(ref request.Calls);
            Interlocked.Add(ref request.BytesWritten, bytes);
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            // Registered before the caller awaits the call, so it runs first when the call ends.
            task.ContinueWith(_ => request.Took(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds),
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return task;
    }

    public override Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default) =>
        Count(base.GetAsync(name, ifNoneMatch, cancellationToken));

    public override Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default)
    {
        _freshnessChecks?.Enqueue(new FreshnessCheck(FreshnessCheck.Kind.Properties, name));
        return Count(base.GetPropertiesAsync(name, cancellationToken));
    }

    public override Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        Count(base.PutAsync(name, content, conditions, cancellationToken), content.Length);

    public override Task<ETag> CreateAppendBlobAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        Count(base.CreateAppendBlobAsync(name, conditions, cancellationToken));

    public override Task<AppendResult> AppendAsync(string name, ReadOnlyMemory<byte> block, AppendConditions? conditions = null, CancellationToken cancellationToken = default) =>
        Count(base.AppendAsync(name, block, conditions, cancellationToken), block.Length);

    public override Task<BlobRange?> GetRangeAsync(string name, long offset, CancellationToken cancellationToken = default) =>
        Count(base.GetRangeAsync(name, offset, cancellationToken));

    public override Task<bool> DeleteAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default) =>
        Count(base.DeleteAsync(name, conditions, cancellationToken));

    public override Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = 5000, CancellationToken cancellationToken = default)
    {
        if (continuationToken is null) _freshnessChecks?.Enqueue(new FreshnessCheck(FreshnessCheck.Kind.Listing, prefix));
        return Count(base.ListPageAsync(prefix, continuationToken, pageSizeHint, cancellationToken));
    }

    public override Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default) =>
        Count(base.AcquireLeaseAsync(name, duration, proposedLeaseId, cancellationToken));

    public override Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        Count(base.RenewLeaseAsync(name, leaseId, cancellationToken));

    public override Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default) =>
        Count(base.ReleaseLeaseAsync(name, leaseId, cancellationToken));

    public override Task<TimeSpan> BreakLeaseAsync(string name, TimeSpan breakPeriod, CancellationToken cancellationToken = default) =>
        Count(base.BreakLeaseAsync(name, breakPeriod, cancellationToken));
}
