using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Measurement;
using Saver.Benchmarks.Scenarios;
using Saver.Benchmarks.Workload;
using Saver.Storage.Blobs;
using Saver.Storage.Git;

namespace Saver.Benchmarks.Runs;

/// <summary>What one store's run measured.</summary>
public sealed record StoreFigures(
    string Store,
    Latencies RanTests,
    double CallsPerSaveMedian,
    double CallsPerSaveMean,
    double CallsBeforeAnswerMax,
    double BytesPerSaveMean,
    long BytesPerSaveMax,
    double MaintenanceBytesPerSave,
    double MaintenanceMsPerSave,
    IReadOnlyList<KataLife> Lives,
    Latencies StoreAlone,
    Latencies LongKataInTurn,
    Latencies NewKataInTurn,
    double LifetimeBytesEarly,
    double LifetimeBytesLate,
    Latencies KataEvent,
    long KataEventCalls,
    Latencies KataEventStoreAlone,
    Latencies DiffLines,
    Latencies GroupJoined,
    long GroupJoinedCalls,
    Latencies GroupJoinedStoreAlone,
    Latencies ColdKataEvents,
    int LifetimeEvents,
    long CacheBytes,
    int CachedRepositories,
    long ManagedHeapBytes,
    long WorkingSetBytes)
{
    /// <summary>The life whose growth is the median of the lives' (the lower middle of an even count).</summary>
    public KataLife MedianGrowthLife => Lives.OrderBy(l => l.Growth).ElementAt((Lives.Count - 1) / 2);

    /// <summary>The life whose slowest save, against its median, is the median of the lives'.</summary>
    public KataLife MedianSlowestLife => Lives.OrderBy(l => l.Slowest).ElementAt((Lives.Count - 1) / 2);
}

/// <summary>
/// Saver as deployed, the real app over real HTTP on loopback, on one store, its blob store
/// wrapped to count calls and bytes: every figure issue #10 names, in one pass.
/// </summary>
public static class SaverStoreRun
{
    private const string Container = "saver-bench";

    public static async Task<StoreFigures> RunAsync(string store, BenchmarkSettings settings, TextWriter log, CancellationToken cancellationToken)
    {
        using var data = new ScratchDirectory("data");
        await using var azurite = store == "azurite" ? await AzuriteServer.StartAsync(settings.AzuriteHeap, cancellationToken).ConfigureAwait(false) : null;
        CountingBlobStore? counting = null;
        var observer = new CountingObserver(() => counting);
        Func<IBlobStore, IBlobStore>? Counted(bool counted) => counted ? s => counting = new CountingBlobStore(s) : null;
        SaverServer NewServer(bool counted) => azurite is null
            ? SaverServer.OnLocalDirectory(data.Path, Counted(counted), counted ? observer : null)
            : SaverServer.OnAzure(azurite.ConnectionString, Container, Counted(counted), counted ? observer : null);

        await using var server = NewServer(counted: true);
        var api = server.Api;
        var repositories = server.Services.GetRequiredService<RepositoryStore>();
        _ = server.Blobs; // makes the counting store
        var counter = counting ?? throw new InvalidOperationException("the app did not make its blob store");

        // A warm read's freshness checks asked again with no Saver around them: what the store alone takes to answer them.
        async Task<(long Calls, Latencies StoreAlone)> StoreAloneAsync(string method, Func<Task> read)
        {
            IReadOnlyList<FreshnessCheck> checks;
            using (var recording = counter.RecordFreshnessChecks())
            {
                await read().ConfigureAwait(false);
                checks = recording.Checks;
            }
            var calls = counter.AtAnswer.Calls;
            if (checks.Count != calls)
                throw new InvalidOperationException($"a warm {method} made {calls} calls, {checks.Count} of them freshness checks: the control would not ask the store what it asked");
            return (calls, await StoreAloneRead.RunAsync(server.Blobs, checks, settings.Reads, cancellationToken).ConfigureAwait(false));
        }

        // kata_ran_tests: a kata warmed by a few saves, then saves timed one by one.
        log.WriteLine($"  {store}: {settings.Saves} saves of kata_ran_tests");
        var kata = await api.CreateKataAsync(BenchKata.Manifest(), cancellationToken).ConfigureAwait(false);
        var browser = new BrowserSession();
        for (var i = 0; i < 5; i++) await api.RanTestsAsync(kata, browser, cancellationToken).ConfigureAwait(false);
        await SettleAsync(repositories).ConfigureAwait(false);
        var ranTests = new Latencies();
        var callsPerSave = new List<long>();
        var callsBeforeAnswer = new List<long>();
        var bytesPerSave = new List<long>();
        for (var i = 0; i < settings.Saves; i++)
        {
            var calls = counter.Counts.Calls;
            await ranTests.TimeAsync(() => api.RanTestsAsync(kata, browser, cancellationToken)).ConfigureAwait(false);
            var (callsAnswered, bytesAnswered) = counter.AtAnswer;
            // The lease release (and any maintenance) a save leaves running counts as that save's
            // calls; its bytes are those written before the answer (maintenance's are counted apart).
            await repositories.WhenSettledAsync().ConfigureAwait(false);
            callsBeforeAnswer.Add(callsAnswered);
            callsPerSave.Add(counter.Counts.Calls - calls);
            bytesPerSave.Add(bytesAnswered);
        }

        // Kata lives: saves from each one's creation, each timed, with the bytes each writes.
        // More than one, since a life compares saves seconds apart on a machine whose speed swings.
        var lives = new List<KataLife>();
        for (var l = 0; l < settings.Lives; l++)
        {
            log.WriteLine($"  {store}: kata life {l + 1} of {settings.Lives}, {settings.LifetimeSaves} saves");
            lives.Add(await KataLife.LiveAsync(api, repositories, counter, azurite, settings.LifetimeSaves, cancellationToken).ConfigureAwait(false));
        }
        var (life, lifeBrowser) = (lives[^1].Kata, lives[^1].Browser);
        var events = 1 + 2 * settings.LifetimeSaves;
        var window = LifeWindows.Size(lives[0].Times);
        // The bytes of a save at about 10 events (save 5), and the median of the last saves, over every life.
        var early = Median(lives.SelectMany(l => l.BytesAtAnswer.Skip(3).Take(3)));
        var late = Median(lives.SelectMany(l => l.BytesAtAnswer.TakeLast(window)));
        var lifeSaves = (double)settings.Lives * settings.LifetimeSaves;

        // The same store calls with no Saver around them, at once, so the store is as the life left it.
        log.WriteLine($"  {store}: the store alone, {settings.LifetimeSaves} saves' calls");
        var storeAlone = await StoreAloneSaves.RunAsync(server.Blobs, settings.LifetimeSaves, (int)lives.SelectMany(l => l.BytesAtAnswer).Average(),
            server.Services.GetRequiredService<GitRepositoryOptions>().CompactAfterRecords, cancellationToken).ConfigureAwait(false);

        // Reads of the long kata.
        log.WriteLine($"  {store}: reads");
        var random = new Random(17);
        var kataEvent = new Latencies();
        var diffLines = new Latencies();
        for (var i = 0; i < settings.Reads; i++)
            await kataEvent.TimeAsync(() => api.CallAsync(HttpMethod.Get, "kata_event",
                new JsonObject { ["id"] = life, ["index"] = random.Next(events) }, cancellationToken)).ConfigureAwait(false);
        var (kataEventCalls, kataEventStoreAlone) = await StoreAloneAsync("kata_event",
            () => api.CallAsync(HttpMethod.Get, "kata_event", new JsonObject { ["id"] = life, ["index"] = 0 }, cancellationToken)).ConfigureAwait(false);
        for (var i = 0; i < settings.Reads; i++)
        {
            var now = 1 + random.Next(events - 1);
            await diffLines.TimeAsync(() => api.CallAsync(HttpMethod.Get, "diff_lines",
                new JsonObject { ["id"] = life, ["was_index"] = now - 1, ["now_index"] = now }, cancellationToken)).ConfigureAwait(false);
        }

        // A dashboard: group_joined of a group whose katas each saw some saves.
        log.WriteLine($"  {store}: a group of {settings.GroupKatas} katas x {settings.GroupSaves} saves");
        var group = (await api.ResultAsync(HttpMethod.Post, "group_create", new JsonObject { ["manifest"] = BenchKata.Manifest() }, cancellationToken)
            .ConfigureAwait(false))!.GetValue<string>();
        for (var k = 0; k < settings.GroupKatas; k++)
        {
            var member = (await api.ResultAsync(HttpMethod.Post, "group_join", new JsonObject { ["id"] = group }, cancellationToken)
                .ConfigureAwait(false))!.GetValue<string>();
            var memberBrowser = new BrowserSession();
            for (var s = 0; s < settings.GroupSaves; s++) await api.RanTestsAsync(member, memberBrowser, cancellationToken).ConfigureAwait(false);
        }
        await SettleAsync(repositories).ConfigureAwait(false);
        var groupJoined = new Latencies();
        for (var i = 0; i < settings.Reads; i++)
            await groupJoined.TimeAsync(() => api.CallAsync(HttpMethod.Get, "group_joined", new JsonObject { ["id"] = group }, cancellationToken))
                .ConfigureAwait(false);
        var (groupJoinedCalls, groupJoinedStoreAlone) = await StoreAloneAsync("group_joined",
            () => api.CallAsync(HttpMethod.Get, "group_joined", new JsonObject { ["id"] = group }, cancellationToken)).ConfigureAwait(false);

        var cacheBytes = repositories.Cache.Bytes;
        var cached = repositories.Cache.Count;
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        var workingSet = Process.GetCurrentProcess().WorkingSet64;

        // A cold instance, started and answering already, reading the long kata for the first time.
        log.WriteLine($"  {store}: {settings.ColdInstances} cold instance(s)");
        var cold = new Latencies();
        for (var c = 0; c < settings.ColdInstances; c++)
        {
            await using var fresh = NewServer(counted: false);
            await fresh.Api.CallAsync(HttpMethod.Get, "ready?", [], cancellationToken).ConfigureAwait(false);
            await fresh.Api.CallAsync(HttpMethod.Get, "kata_events", new JsonObject { ["id"] = kata }, cancellationToken).ConfigureAwait(false);
            await cold.TimeAsync(() => fresh.Api.CallAsync(HttpMethod.Get, "kata_events", new JsonObject { ["id"] = life }, cancellationToken))
                .ConfigureAwait(false);
        }

        // Last, so every read above saw the life's kata as the life left it.
        log.WriteLine($"  {store}: saves to the life's kata and to a new one, in turn");
        var (longKataInTurn, newKataInTurn) = await LongAndNewKataSaves.RunAsync(api, repositories, life, lifeBrowser, window, cancellationToken)
            .ConfigureAwait(false);

        return new StoreFigures(store, ranTests, Median(callsPerSave), callsPerSave.Average(), callsBeforeAnswer.Max(),
            bytesPerSave.Average(), bytesPerSave.Max(), lives.Sum(l => l.MaintenanceBytes) / lifeSaves,
            lives.Sum(l => l.BackgroundMs) / lifeSaves, lives, storeAlone, longKataInTurn, newKataInTurn, early, late, kataEvent, kataEventCalls, kataEventStoreAlone, diffLines, groupJoined,
            groupJoinedCalls, groupJoinedStoreAlone, cold,
            events, cacheBytes, cached, heap, workingSet);
    }

    /// <summary>Lets writes' lease releases and maintenance finish, so their calls count where they belong.</summary>
    private static Task SettleAsync(RepositoryStore repositories) => repositories.WhenSettledAsync();

    private static double Median(IEnumerable<long> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[(sorted.Count - 1) / 2];
    }

    /// <summary>Hands the app's requests to the counting store, once the app has made it.</summary>
    private sealed class CountingObserver(Func<CountingBlobStore?> counting) : IRequestObserver
    {
        public void RequestStarted() => counting()?.RequestStarted();

        public void Answering() => counting()?.MarkAnswer();
    }
}
