using System.Diagnostics;
using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Measurement;
using Saver.Benchmarks.Workload;
using Saver.Storage.Git;

namespace Saver.Benchmarks.Scenarios;

/// <summary>
/// One kata's life: a new kata, saved to from its creation, each save timed, with the bytes it
/// wrote before answering, its wait on the store and the bench process's GC pauses during it.
/// A user presses [test] seconds apart, so what a save leaves running (its lease release,
/// maintenance) is done before the next.
/// </summary>
public sealed record KataLife(
    string Kata,
    BrowserSession Browser,
    Latencies Times,
    IReadOnlyList<long> BytesAtAnswer,
    IReadOnlyList<double> StoreMsAtAnswer,
    IReadOnlyList<double> GcPauseMs,
    long MaintenanceBytes,
    double BackgroundMs,
    int? StoreFullCollections)
{
    /// <summary>The mean of its last saves against the mean of its first (<see cref="LifeWindows"/>): the growth with the history, and the machine's swings.</summary>
    public double Growth => LifeWindows.Last(Times) / LifeWindows.First(Times);

    /// <summary>Its slowest save against its median.</summary>
    public double Slowest => Times.Max / Times.Median;

    private int SlowestSave => Times.Times.ToList().IndexOf(Times.Max);

    /// <summary>How long the slowest save waited on the store's answers before it answered.</summary>
    public double SlowestSaveStoreMs => StoreMsAtAnswer[SlowestSave];

    /// <summary>The bench process's GC pauses during the slowest save.</summary>
    public double SlowestSaveGcPauseMs => GcPauseMs[SlowestSave];

    public static async Task<KataLife> LiveAsync(SaverHttpApi api, RepositoryStore repositories, CountingBlobStore counter,
        AzuriteServer? azurite, int saves, CancellationToken cancellationToken)
    {
        var kata = await api.CreateKataAsync(BenchKata.Manifest(), cancellationToken).ConfigureAwait(false);
        var browser = new BrowserSession();
        var times = new Latencies();
        var bytes = new List<long>();
        var storeMs = new List<double>();
        var gcPauses = new List<double>();
        var maintenanceBytes = 0L;
        var backgroundMs = 0.0;
        var collectionsBefore = azurite?.FullCollections;
        for (var i = 0; i < saves; i++)
        {
            var before = counter.Counts.BytesWritten;
            var paused = GC.GetTotalPauseDuration();
            await times.TimeAsync(() => api.RanTestsAsync(kata, browser, cancellationToken)).ConfigureAwait(false);
            gcPauses.Add((GC.GetTotalPauseDuration() - paused).TotalMilliseconds);
            var answered = counter.AtAnswer.BytesWritten;
            storeMs.Add(counter.StoreTimeAtAnswerMs);
            bytes.Add(answered);
            var settling = Stopwatch.GetTimestamp();
            await repositories.WhenSettledAsync().ConfigureAwait(false);
            backgroundMs += Stopwatch.GetElapsedTime(settling).TotalMilliseconds;
            maintenanceBytes += counter.Counts.BytesWritten - before - answered;
        }
        return new KataLife(kata, browser, times, bytes, storeMs, gcPauses, maintenanceBytes, backgroundMs,
            azurite?.FullCollections - collectionsBefore);
    }
}
