using System.Text.Json.Nodes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;
using Saver.Benchmarks;
using Saver.Benchmarks.Scenarios;
using Saver.Benchmarks.Suites;
using Saver.Benchmarks.Workload;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Benchmarks;

/// <summary>
/// Runs each benchmark of bench/Saver.Benchmarks once, in this process and untimed, the way
/// BenchmarkDotNet drives it (global setup, iteration setup, the benchmark, cleanup), so the
/// benchmark cannot rot unnoticed: each scenario must really save its events (Saver on the
/// local store and on Azurite, the domain alone, the git baseline) and put its kata back.
/// </summary>
public sealed class BenchmarkRunsOnceTests
{
    // Small katas: the test is about the code paths, not the figures.
    private const int EventsBefore = 3;

    public static TheoryData<Type> SaveEventSuites() =>
        [.. BenchmarkProgram.Suites.Where(t => t.IsSubclassOf(typeof(SaveEventSuite)))];

    [Theory]
    [MemberData(nameof(SaveEventSuites))]
    public async Task Each_save_benchmark_saves_an_edit_and_a_light_and_its_iteration_setup_puts_the_kata_back(Type suiteType)
    {
        var suite = (SaveEventSuite)Activator.CreateInstance(suiteType)!;
        suite.EventsBefore = EventsBefore;
        suite.GlobalSetup();
        try
        {
            var scenario = suite.Scenario;
            Assert.Equal(EventsBefore, await scenario.CountEventsAsync(CancellationToken.None));

            suite.IterationSetup();
            await suite.SaveEvent();
            suite.IterationCleanup();
            Assert.Equal(EventsBefore + 2, await scenario.CountEventsAsync(CancellationToken.None));

            suite.IterationSetup();
            Assert.Equal(EventsBefore, await scenario.CountEventsAsync(CancellationToken.None));
            await suite.SaveEvent();
            await suite.SaveEvent();
            suite.IterationCleanup();
            Assert.Equal(EventsBefore + 4, await scenario.CountEventsAsync(CancellationToken.None));

            if (scenario is BaselineDiskGitScenario baseline) await AssertBaselineHistoryAsync(baseline, EventsBefore + 4);
        }
        finally
        {
            suite.GlobalCleanup();
        }
    }

    [Fact]
    public async Task The_read_benchmarks_answer_kata_event_and_kata_events_of_the_prepared_kata()
    {
        var suite = new HttpLocalStoreReads { EventsBefore = EventsBefore };
        suite.GlobalSetup();
        try
        {
            suite.IterationSetup();
            var kataEvent = Result(await suite.KataEvent(), "kata_event");
            Assert.Equal(EventsBefore - 1, kataEvent["index"]!.GetValue<int>());
            Assert.Equal(BenchKata.Files(edit: 0).Keys.Order(StringComparer.Ordinal), kataEvent["files"]!.AsObject().Select(f => f.Key));

            var kataEvents = Result(await suite.KataEvents(), "kata_events").AsArray();
            suite.IterationCleanup();
            Assert.Equal(EventsBefore, kataEvents.Count);
        }
        finally
        {
            suite.GlobalCleanup();
        }
    }

    [Fact]
    public void BenchmarkDotNet_makes_a_case_per_kata_size_of_every_benchmark_and_finds_nothing_wrong()
    {
        var config = BenchmarkConfigFactory.Create(new BenchmarkOptions(Quick: true, Filters: [], ArtifactsPath: Path.GetTempPath()));
        foreach (var suite in BenchmarkProgram.Suites)
        {
            var info = BenchmarkConverter.TypeToBenchmarks(suite, config);
            var sizes = info.BenchmarksCases.Select(c => (int)c.Parameters["EventsBefore"]).Distinct().Order();
            Assert.Equal([10, 200], sizes);

            var immutable = ImmutableConfigBuilder.Create(config);
            // Tests build Debug; bench.sh builds the Release that validator insists on.
            var errors = immutable.GetValidators().Where(v => v is not JitOptimizationsValidator)
                .SelectMany(v => v.Validate(new ValidationParameters(info.BenchmarksCases, immutable)))
                .Where(e => e.IsCritical)
                .Select(e => e.Message);
            Assert.Empty(errors);
        }
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
