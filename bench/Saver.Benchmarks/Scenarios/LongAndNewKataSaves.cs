using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Measurement;
using Saver.Benchmarks.Workload;
using Saver.Storage.Git;

namespace Saver.Benchmarks.Scenarios;

/// <summary>
/// A control for the life's flatness: saves to the life's kata (its history already long) and
/// to a new kata, taken in turn, each followed by its background work, as the life's were.
/// The life compares saves seconds apart, so whatever else the machine did in between (another
/// process, the JIT still optimising, a collection) counts as growth. Taken in turn, both kinds
/// of save meet the same machine, and what remains between them is what the history costs.
/// </summary>
public static class LongAndNewKataSaves
{
    /// <param name="longKata">The life's kata, its history as the life left it.</param>
    /// <param name="longKataBrowser">The browser that saved the life, so its tab_seq goes on.</param>
    /// <param name="pairs">Saves to each kata; the new kata's are its first, as the life's first were.</param>
    public static async Task<(Latencies LongKata, Latencies NewKata)> RunAsync(SaverHttpApi api, RepositoryStore repositories,
        string longKata, BrowserSession longKataBrowser, int pairs, CancellationToken cancellationToken)
    {
        var newKata = await api.CreateKataAsync(BenchKata.Manifest(), cancellationToken).ConfigureAwait(false);
        var newKataBrowser = new BrowserSession();
        var longTimes = new Latencies();
        var newTimes = new Latencies();
        for (var pair = 0; pair < pairs; pair++)
        {
            // Which goes first alternates, so neither always follows the other's background work.
            var order = pair % 2 == 0
                ? new[] { (longKata, longKataBrowser, longTimes), (newKata, newKataBrowser, newTimes) }
                : new[] { (newKata, newKataBrowser, newTimes), (longKata, longKataBrowser, longTimes) };
            foreach (var (kata, browser, times) in order)
            {
                await times.TimeAsync(() => api.RanTestsAsync(kata, browser, cancellationToken)).ConfigureAwait(false);
                await repositories.WhenSettledAsync().ConfigureAwait(false);
            }
        }
        return (longTimes, newTimes);
    }
}
