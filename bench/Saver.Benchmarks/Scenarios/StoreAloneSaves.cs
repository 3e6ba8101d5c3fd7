using System.Diagnostics;
using Saver.Benchmarks.Measurement;
using Saver.Storage.Blobs;

namespace Saver.Benchmarks.Scenarios;

/// <summary>
/// The store by itself, as a control for the life's slowest save: the two calls a save makes
/// before it answers (take the log's lease; append the save's block at the position it expects),
/// then the release, made straight on the app's blob store with no Saver around them, as many
/// times as the life saves, the next log begun every so many appends as maintenance begins it.
/// Its slowest against its median is the store's own unevenness, which no client gets under.
/// </summary>
public static class StoreAloneSaves
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    /// <summary>Times from taking the lease to the append's answer, one per save.</summary>
    public static async Task<Latencies> RunAsync(IBlobStore store, int saves, int blockBytes, int appendsPerLog, CancellationToken cancellationToken)
    {
        var block = new byte[blockBytes];
        new Random(5).NextBytes(block);
        var folder = $"bench-store-alone/{Guid.NewGuid():N}/";
        var times = new Latencies();
        var log = "";
        var length = 0L;
        for (var save = 0; save < saves; save++)
        {
            if (save % appendsPerLog == 0)
            {
                // Off the timed path, as maintenance makes the next log after an answer.
                log = $"{folder}log.{save / appendsPerLog + 1:D6}";
                await store.CreateAppendBlobAsync(log, BlobConditions.CreateOnly, cancellationToken).ConfigureAwait(false);
                length = 0;
            }
            var started = Stopwatch.GetTimestamp();
            var lease = await store.AcquireLeaseAsync(log, LeaseDuration, cancellationToken: cancellationToken).ConfigureAwait(false);
            var appended = await store.AppendAsync(log, block, new AppendConditions(length, lease), cancellationToken).ConfigureAwait(false);
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            length = appended.Length;
            await store.ReleaseLeaseAsync(log, lease, cancellationToken).ConfigureAwait(false);
        }
        return times;
    }
}
