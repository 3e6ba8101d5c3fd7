using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Measurement;
using Saver.Storage.Blobs;

namespace Saver.Benchmarks.Scenarios;

/// <summary>
/// The store by itself, as a control for a warm read: the freshness checks the read makes
/// (kata_event: its log's properties; group_joined: katas.txt's properties and the listing of
/// its members' logs, or each member log's properties), all asked at once straight on the app's
/// blob store with no Saver around them. Its median is the least any read that asks the store
/// those questions can take on this store and machine.
/// </summary>
public static class StoreAloneRead
{
    /// <summary>Times from asking the first to the last answer, one per read.</summary>
    public static async Task<Latencies> RunAsync(IBlobStore store, IReadOnlyList<FreshnessCheck> checks, int reads, CancellationToken cancellationToken)
    {
        var times = new Latencies();
        for (var read = 0; read < reads; read++)
            await times.TimeAsync(async () =>
            {
                await Task.WhenAll(checks.Select(check => check.AskAsync(store, cancellationToken))).ConfigureAwait(false);
                return checks.Count;
            }).ConfigureAwait(false);
        return times;
    }
}
