using System.Globalization;
using Saver.Benchmarks.Runs;
using Saver.Benchmarks.Scenarios;
using static Saver.Benchmarks.Measurement.Latencies;

namespace Saver.Benchmarks.Measurement;

/// <summary>The benchmark's summary: each figure per store beside its target, and the baseline's where it has one.</summary>
public static class Report
{
    /// <summary>What the original saver (Ruby, libgit2 in process, local disk) took per kata_ran_tests on this machine (issue #10).</summary>
    public const double OriginalRanTestsP50 = 65;

    public static void Write(TextWriter output, Latencies? baseline, IReadOnlyList<StoreFigures> stores, int changeBytes)
    {
        var local = stores.FirstOrDefault(s => s.Store == "local");
        var azurite = stores.FirstOrDefault(s => s.Store == "azurite");
        var rows = new List<string[]>
        {
            Header(),
            Row("kata_ran_tests p50 ms (HTTP)", "≤ 5 local, ≤ 10 Azurite", baseline is null ? "-" : Ms(baseline.Median), s => Ms(s.RanTests.Median),
                s => s.RanTests.Median <= (s.Store == "local" ? 5 : 10)),
            Row("  p90 / p99 ms", "", baseline is null ? "-" : $"{Ms(baseline.Percentile(90))} / {Ms(baseline.Percentile(99))}",
                s => $"{Ms(s.RanTests.Percentile(90))} / {Ms(s.RanTests.Percentile(99))}"),
            Row("  p50 against the original (~65 ms)", "≤ 0.08x local, ≤ 0.15x Azurite", baseline is null ? "-" : Ratio(baseline.Median / OriginalRanTestsP50),
                s => Ratio(s.RanTests.Median / OriginalRanTestsP50), s => s.RanTests.Median / OriginalRanTestsP50 <= (s.Store == "local" ? 0.08 : 0.15)),
            Row("  p50 against the baseline", "", "1.00x", s => baseline is null ? "-" : Ratio(s.RanTests.Median / baseline.Median)),
            Row("store calls per save (median / mean)", "≤ 3", "-", s => $"{s.CallsPerSaveMedian:F0} / {s.CallsPerSaveMean:F2}", s => s.CallsPerSaveMedian <= 3),
            Row("  calls before the answer (most)", "≤ 2", "-", s => $"{s.CallsBeforeAnswerMax:F0}", s => s.CallsBeforeAnswerMax <= 2),
            Row("bytes written per save (mean / most)", $"≤ 2 x {changeBytes} + 2048 = {2 * changeBytes + 2048}", "-",
                s => $"{s.BytesPerSaveMean:F0} / {s.BytesPerSaveMax}", s => s.BytesPerSaveMean <= 2 * changeBytes + 2048),
            Row("  maintenance bytes per save (mean, over the life)", "", "-", s => $"{s.MaintenanceBytesPerSave:F0}"),
            Row("  background work ms per save (release, maintenance)", "", "-", s => Ms(s.MaintenanceMsPerSave)),
            Row("  at 800 events against at 10", "≤ 1.5x", "-", s => $"{s.LifetimeBytesLate:F0} / {s.LifetimeBytesEarly:F0} = {Ratio(s.LifetimeBytesLate / s.LifetimeBytesEarly)}",
                s => s.LifetimeBytesLate <= 1.5 * s.LifetimeBytesEarly),
            Row("life: mean ms of the first 50 saves", "", baseline is null ? "-" : Ms(First(baseline)), s => Ms(First(s.MedianGrowthLife.Times))),
            Row("life: mean ms of the last 50 saves (median life)", "≤ 1.2x the first 50", baseline is null ? "-" : $"{Ms(Last(baseline))} ({Ratio(Last(baseline) / First(baseline))})",
                s => $"{Ms(Last(s.MedianGrowthLife.Times))} ({Ratio(s.MedianGrowthLife.Growth)})", s => s.MedianGrowthLife.Growth <= 1.2),
            Row("  each life, last 50 against first 50", "", "-", s => string.Join(", ", s.Lives.Select(l => Ratio(l.Growth)))),
            Row("  in turn, saves to that kata and to a new one", "", "-",
                s => $"{Ms(s.LongKataInTurn.Mean)} / {Ms(s.NewKataInTurn.Mean)} ({Ratio(s.LongKataInTurn.Mean / s.NewKataInTurn.Mean)})"),
            Row("life: slowest save ms (median life)", "≤ 5x the life's p50", baseline is null ? "-" : $"{Ms(baseline.Max)} ({Ratio(baseline.Max / baseline.Median)})",
                s => $"{Ms(s.MedianSlowestLife.Times.Max)} ({Ratio(s.MedianSlowestLife.Slowest)})", s => s.MedianSlowestLife.Slowest <= 5),
            Row("  each life, slowest against p50", "", "-", s => string.Join(", ", s.Lives.Select(l => Ratio(l.Slowest)))),
            Row("  of it, waiting on the store / the rest", "", "-", s => SlowestSaveSplit(s.MedianSlowestLife)),
            Row("  of it, this process's GC pauses", "", "-", s => Ms(s.MedianSlowestLife.SlowestSaveGcPauseMs)),
            Row("  the store's own full GCs in each life (Azurite)", "", "-",
                s => s.Lives[0].StoreFullCollections is null ? "-" : string.Join(", ", s.Lives.Select(l => l.StoreFullCollections))),
            Row("  the store alone, the same calls: p50 / slowest", "", "-",
                s => $"{Ms(s.StoreAlone.Median)} / {Ms(s.StoreAlone.Max)} ({Ratio(s.StoreAlone.Max / s.StoreAlone.Median)})"),
            Row("kata_event p50 ms", "≤ 1 local, ≤ 2 Azurite", "-", s => Ms(s.KataEvent.Median), s => s.KataEvent.Median <= (s.Store == "local" ? 1 : 2)),
            Row("  the store alone, its calls: p50 (calls)", "", "-", s => $"{Ms(s.KataEventStoreAlone.Median)} ({s.KataEventCalls})"),
            Row("diff_lines p50 ms", "", "-", s => Ms(s.DiffLines.Median)),
            Row("group_joined p50 ms", "≤ 10 local, ≤ 20 Azurite", "-", s => Ms(s.GroupJoined.Median), s => s.GroupJoined.Median <= (s.Store == "local" ? 10 : 20)),
            Row("  the store alone, its calls at once: p50 (calls)", "", "-",
                s => $"{Ms(s.GroupJoinedStoreAlone.Median)} ({s.GroupJoinedCalls})"),
            Row("cold instance: first kata_events ms", "≤ 50 Azurite", "-", s => $"{Ms(s.ColdKataEvents.Median)} ({s.LifetimeEvents} events)",
                s => s.Store != "azurite" || s.ColdKataEvents.Median <= 50),
            Row("cache: bytes held (repositories)", "bounded (Saver:CacheMegabytes)", "-", s => $"{s.CacheBytes / 1024.0 / 1024:F1} MB ({s.CachedRepositories})"),
            Row("  process: managed heap / working set", "", "-", s => $"{s.ManagedHeapBytes / 1024 / 1024} / {s.WorkingSetBytes / 1024 / 1024} MB"),
        };
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join(" | ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
            if (row == rows[0]) output.WriteLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        }

        // The life window by window: growth with the history climbs through them, the machine's own swings come and go.
        output.WriteLine();
        if (baseline is { Count: > 0 }) output.WriteLine($"life, mean ms of each {LifeWindows.Size(baseline)} saves, baseline: {LifeWindows.Means(baseline)}");
        foreach (var store in stores)
            foreach (var (life, number) in store.Lives.Select((life, i) => (life, i + 1)))
                output.WriteLine($"life {number} of {store.Lives.Count}, mean ms of each {LifeWindows.Size(life.Times)} saves, " +
                                 $"{(store.Store == "local" ? "local store" : "Azurite")}: {LifeWindows.Means(life.Times)}");

        string[] Header() => ["figure", "target", "baseline", .. stores.Select(s => s.Store == "local" ? "Saver, local store" : "Saver, Azurite")];

        string[] Row(string figure, string target, string baselineCell, Func<StoreFigures, string> cell, Func<StoreFigures, bool>? met = null) =>
            [figure, target, baselineCell, .. stores.Select(s => cell(s) + (met is null ? "" : met(s) ? "  ok" : "  MISSED"))];
    }

    private static double First(Latencies times) => LifeWindows.First(times);

    private static double Last(Latencies times) => LifeWindows.Last(times);

    private static string SlowestSaveSplit(KataLife life) =>
        $"{Ms(life.SlowestSaveStoreMs)} / {Ms(life.Times.Max - life.SlowestSaveStoreMs)} ({Ratio((life.Times.Max - life.SlowestSaveStoreMs) / life.Times.Median)})";

    private static string Ratio(double ratio) => double.IsNaN(ratio) ? "-" : ratio.ToString("F2", CultureInfo.InvariantCulture) + "x";
}
