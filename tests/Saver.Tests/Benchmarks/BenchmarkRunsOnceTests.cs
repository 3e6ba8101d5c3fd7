using System.Text.Json.Nodes;
using Saver.Benchmarks;
using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Measurement;
using Saver.Benchmarks.Runs;
using Saver.Benchmarks.Scenarios;
using Saver.Benchmarks.Workload;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Benchmarks;

/// <summary>
/// Runs the benchmark of bench/Saver.Benchmarks once, untimed and with tiny workloads, so it
/// cannot rot unnoticed: every figure must come from real saves and reads (Saver on the local
/// store and on Azurite, the git baseline), and the report must name every target.
/// </summary>
public sealed class BenchmarkRunsOnceTests
{
    private static readonly BenchmarkSettings Tiny = new()
    {
        Saves = 3, LifetimeSaves = 4, Lives = 3, GroupKatas = 2, GroupSaves = 1, Reads = 2, ColdInstances = 1,
    };

    [Theory]
    [InlineData("local")]
    [InlineData("azurite")]
    public async Task Each_store_run_measures_saves_their_store_calls_and_bytes_reads_a_dashboard_and_a_cold_instance(string store)
    {
        var figures = await SaverStoreRun.RunAsync(store, Tiny, TextWriter.Null, CancellationToken.None);

        Assert.Equal(Tiny.Saves, figures.RanTests.Count);
        // Lives of their own katas, one after another, each as long as the settings say.
        Assert.Equal(Tiny.Lives, figures.Lives.Count);
        Assert.Equal(Tiny.Lives, figures.Lives.Select(l => l.Kata).Distinct().Count());
        Assert.All(figures.Lives, l => Assert.Equal(Tiny.LifetimeSaves, l.Times.Count));
        // The figures the targets judge are the median life's, of its growth and of its slowest save apart.
        Assert.Equal(figures.Lives.Select(l => l.Growth).Order().ElementAt(1), figures.MedianGrowthLife.Growth);
        Assert.Equal(figures.Lives.Select(l => l.Slowest).Order().ElementAt(1), figures.MedianSlowestLife.Slowest);
        Assert.True(figures.MaintenanceMsPerSave > 0, "each save's lease release is background work");
        Assert.Equal(Tiny.LifetimeSaves, figures.StoreAlone.Count);
        Assert.All(figures.StoreAlone.Times, ms => Assert.True(ms > 0));
        Assert.Equal(1 + 2 * Tiny.LifetimeSaves, figures.LifetimeEvents);
        // The control for flatness: as many saves to the life's kata as to a new one (the window the life's means take, one here).
        Assert.Equal(1, figures.LongKataInTurn.Count);
        Assert.Equal(1, figures.NewKataInTurn.Count);
        Assert.All(figures.LongKataInTurn.Times.Concat(figures.NewKataInTurn.Times), ms => Assert.True(ms > 0));
        Assert.Equal(3, figures.CallsPerSaveMedian); // a lease, an append, a release
        Assert.Equal(2, figures.CallsBeforeAnswerMax); // the lease and the append
        Assert.True(figures.BytesPerSaveMean > 100, "a save writes its change");
        Assert.Equal(Tiny.Reads, figures.KataEvent.Count);
        // A warm kata_event asks its log's properties, and the control asks the store the same, as often.
        Assert.Equal(1, figures.KataEventCalls);
        Assert.Equal(Tiny.Reads, figures.KataEventStoreAlone.Count);
        Assert.All(figures.KataEventStoreAlone.Times, ms => Assert.True(ms > 0));
        Assert.Equal(Tiny.Reads, figures.DiffLines.Count);
        Assert.Equal(Tiny.Reads, figures.GroupJoined.Count);
        // A warm dashboard read asks whether the member list changed and lists its members' logs, before it answers;
        // the control asks the store the same, as often.
        Assert.Equal(2, figures.GroupJoinedCalls);
        Assert.Equal(Tiny.Reads, figures.GroupJoinedStoreAlone.Count);
        Assert.All(figures.GroupJoinedStoreAlone.Times, ms => Assert.True(ms > 0));
        Assert.Equal(Tiny.ColdInstances, figures.ColdKataEvents.Count);
        Assert.True(figures.CacheBytes > 0 && figures.CachedRepositories > 0);
        // Azurite's own full collections are counted from its traced GCs; the local store has none to count.
        Assert.All(figures.Lives, l => Assert.Equal(store == "azurite", l.StoreFullCollections is not null));
        // Pauses read around the save (in ms, not ticks): a collection just before its stopwatch started may add a little.
        Assert.All(figures.Lives, l => Assert.InRange(l.SlowestSaveGcPauseMs, 0, l.Times.Max + 50));

        var report = new StringWriter();
        Report.Write(report, null, [figures], ChangeSize.Of(new BrowserSession().Next()));
        foreach (var figure in new[] { "kata_ran_tests p50", "store calls per save", "bytes written per save", "background work", "life:", "in turn", "the store alone", "GC pauses", "full GCs", "kata_event p50",
                     "its calls: p50", "diff_lines p50", "group_joined p50", "its calls at once", "cold instance", "cache" })
            Assert.Contains(figure, report.ToString());
        // Each life window by window: as many windows as its saves fill, each the mean of its own saves.
        var windowsLines = report.ToString().Split('\n').Where(l => l.StartsWith("life ", StringComparison.Ordinal) && l.Contains(", mean ms of each ")).ToList();
        Assert.Equal(Tiny.Lives, windowsLines.Count);
        var window = Math.Max(1, Math.Min(50, Tiny.LifetimeSaves / 8));
        foreach (var (line, life) in windowsLines.Zip(figures.Lives))
        {
            var means = line[(line.LastIndexOf(':') + 2)..].Trim().Split(' ');
            Assert.Equal((Tiny.LifetimeSaves + window - 1) / window, means.Length);
            Assert.Equal(life.Times.Times.Take(window).Average().ToString("F2", System.Globalization.CultureInfo.InvariantCulture), means[0]);
        }
    }

    [Theory]
    [InlineData("[25710:0x109ad950]     5576 ms: Mark-Compact 188.5 (222.3) -> 48.6 (199.1) MB, 2.65 / 0.00 ms  (+ 12.7 ms in 139 steps since start of marking, biggest step 4.1 ms, walltime since start of marking 25 ms) (average mu = 0.994, current mu = 0.997) finalize incremental marking via task; GC in old space requested", AzuriteLine.FullCollection)]
    [InlineData("[25710:0x109ad950]    20981 ms: Mark-Compact (reduce) 52.3 (241.3) -> 50.1 (98.0) MB, 3.10 / 0.00 ms  (average mu = 0.986, current mu = 0.984) memory reducer", AzuriteLine.FullCollection)]
    [InlineData("[25710:0x109ad950]     5601 ms: Scavenge 65.2 (88.6) -> 50.3 (88.6) MB, 0.92 / 0.00 ms  (average mu = 0.994, current mu = 0.997) allocation failure;", AzuriteLine.Collection)]
    [InlineData("Azurite Blob service successfully listens on http://127.0.0.1:19921", AzuriteLine.Said)]
    [InlineData("Exit due to unhandled error: listen EADDRINUSE: address already in use 127.0.0.1:19556 Mark-Compact ", AzuriteLine.Said)]
    public void Azurites_traced_full_collections_are_told_from_its_other_collections_and_what_it_says(string line, AzuriteLine expected) =>
        Assert.Equal(expected, AzuriteServer.Classify(line));

    [Fact]
    public async Task The_baseline_saves_an_edit_and_a_light_per_save_as_git_commits_and_tags()
    {
        await using var scenario = new BaselineDiskGitScenario();
        await scenario.PrepareAsync(1, CancellationToken.None);
        await scenario.SaveEventAsync(CancellationToken.None);
        await scenario.SaveEventAsync(CancellationToken.None);

        Assert.Equal(5, await scenario.CountEventsAsync(CancellationToken.None));
        await AssertBaselineHistoryAsync(scenario, 5);
    }

    /// <summary>The baseline's repository, judged by the git command line: one commit and one tag per event, in order.</summary>
    private static async Task AssertBaselineHistoryAsync(BaselineDiskGitScenario baseline, int events)
    {
        var git = baseline.Git;
        var tags = GitCli.Lines(await git.RunAsync(CancellationToken.None, "tag", "--list"));
        Assert.Equal(Enumerable.Range(0, events).Select(i => i.ToString()).Order(StringComparer.Ordinal), tags.Order(StringComparer.Ordinal));

        var subjects = GitCli.Lines(await git.RunAsync(CancellationToken.None, "log", "--format=%s", "main")).Reverse().ToArray();
        Assert.Equal(events, subjects.Length);
        Assert.Equal("0 kata creation", subjects[0]);
        for (var i = 0; i < events; i++)
        {
            Assert.StartsWith($"{i} ", subjects[i]);
            Assert.Equal(subjects[i], (await git.RunAsync(CancellationToken.None, "log", "-1", "--format=%s", i.ToString())).TrimEnd('\n'));
        }
        // The last save: the implicit edit, then the light.
        Assert.Equal($"{events - 2} edited file {BenchKata.EditedFile}", subjects[events - 2]);
        Assert.Matches($"^{events - 1} ran tests, no prediction, got (red|amber|green)$", subjects[events - 1]);

        var entries = SaverJsonArray(await git.RunAsync(CancellationToken.None, "show", "HEAD:events.json"));
        Assert.Equal(Enumerable.Range(0, events), entries.Select(e => e!["index"]!.GetValue<int>()));
        Assert.Equal("file_edit", entries[events - 2]!["colour"]!.GetValue<string>());
        Assert.Equal(BenchKata.LaptopId, entries[events - 1]!["laptop_id"]!.GetValue<string>());
        Assert.Equal(BenchKata.Files(edit: 0).Keys.Select(f => "files/" + f).Order(StringComparer.Ordinal),
            GitCli.Lines(await git.RunAsync(CancellationToken.None, "ls-tree", "-r", "--name-only", "HEAD", "files/")));
        Assert.Empty(await git.RunAsync(CancellationToken.None, "status", "--porcelain"));
    }

    private static JsonArray SaverJsonArray(string text) => Assert.IsType<JsonArray>(JsonNode.Parse(text));

    private static JsonNode Result(string answer, string method) =>
        Assert.IsAssignableFrom<JsonNode>(JsonNode.Parse(answer)![method]);
}
