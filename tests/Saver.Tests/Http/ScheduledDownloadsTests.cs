using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Saver.Functions.Hosting;
using Saver.Storage.Archive;
using Saver.Storage.Blobs;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// The ScheduledDownloads job against the real app, run on demand (scheduled_downloads_run,
/// the same job the Functions timer and the standalone scheduler run): what it archives, what
/// it leaves alone, and how it resumes. The timer invocation itself is run through the worker
/// in FunctionsWorkerTests; the standalone schedule here.
/// </summary>
public abstract class ScheduledDownloadsTests(StoreUnderTest store) : IAsyncLifetime
{
    private readonly List<SaverApp> _apps = [];

    /// <summary>The first app started; the one tests talk to.</summary>
    private SaverApp App => _apps[0];

    /// <summary>The first app's archive, through a decorator that can fail its puts.</summary>
    private FaultyBlobStore Archive { get; set; } = null!;

    /// <summary>The names of the repositories the first app's store was asked for, in order.</summary>
    private readonly ConcurrentQueue<string> _repositoryReads = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var app in _apps) await app.DisposeAsync();
        store.Dispose();
    }

    private SaverApp Start(int pageSize = 5000, int maxRunSeconds = 240)
    {
        var first = _apps.Count == 0;
        FaultyBlobStore? archive = null;
        var app = store.StartApp(
            new Dictionary<string, string?>
            {
                ["Saver:ScheduledDownloads:ListPageSize"] = pageSize.ToString(),
                ["Saver:ScheduledDownloads:MaxRunSeconds"] = maxRunSeconds.ToString(),
            },
            blobs => first ? new ReadRecordingBlobStore(blobs, _repositoryReads) : blobs,
            services => services.AddSingleton(sp =>
                new DownloadArchive(archive = new FaultyBlobStore(sp.GetRequiredService<BlobStoreFactory>().Archive))));
        _apps.Add(app);
        _ = app.Services.GetRequiredService<DownloadArchive>();
        if (first) Archive = archive!;
        return app;
    }

    /// <summary>Runs the job as scheduled_downloads_run runs it: the status, and the report or the exception.</summary>
    private static async Task<(HttpStatusCode Status, JsonNode Answer)> InvokeRunAsync(SaverApp app)
    {
        var answer = await app.Client.SendRawAsync(HttpMethod.Post, "/scheduled_downloads_run", "{}");
        var json = JsonNode.Parse(answer.Text)!;
        return (answer.Status, answer.Status == HttpStatusCode.OK ? json["scheduled_downloads_run"]! : json["exception"]!);
    }

    /// <summary>A run that must succeed: its counts, and its log.</summary>
    private static async Task<(JsonObject Counts, string[] Logs)> RunTimerAsync(SaverApp app)
    {
        var (status, answer) = await InvokeRunAsync(app);
        Assert.True(status == HttpStatusCode.OK, $"{(int)status}: {answer}");
        return (answer.AsObject(), [.. answer["log"]!.AsArray().Select(l => l!.GetValue<string>())]);
    }

    private static int Count(JsonObject counts, string name) => counts[name]!.GetValue<int>();

    /// <summary>Every archive: its kata's id and the head commit its name says it holds.</summary>
    private async Task<List<(string Id, string Head, string Name)>> ArchivesAsync()
    {
        var archives = new List<(string, string, string)>();
        await foreach (var blob in Archive.ListAsync(DownloadArchive.DownloadsFolder))
        {
            var parts = blob.Name.Split('/');
            Assert.Equal(5, parts.Length);
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ-[0-9a-f]{40}\.tgz$", parts[4]);
            archives.Add((parts[1] + parts[2] + parts[3], parts[4][21..61], blob.Name));
        }
        return archives;
    }

    private async Task<string> HeadOfAsync(string id)
    {
        using var kata = await UnpackedKata.UnpackAsync(App.Blobs, id);
        return kata.CommitOf("main");
    }

    private async Task<string> CreateKataAsync()
    {
        var id = (await App.Client.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        return id;
    }

    /// <summary>
    /// Makes sure the katas written so far carry an earlier Last-Modified than the next run's
    /// start: the store's clock counts whole seconds, and a kata stamped in the run's own
    /// second counts as changed for the next run too.
    /// </summary>
    private static Task LetASecondPass() => Task.Delay(TimeSpan.FromMilliseconds(1100));

    [Fact]
    public async Task The_timer_archives_every_changed_kata_once_and_the_next_run_does_not_download_unchanged_ones()
    {
        Start();
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        var ids = new[] { await CreateKataAsync(), await CreateKataAsync(), await CreateKataAsync() };
        await App.Client.WriteAsync("kata_ran_tests", RanTests(ids[1], TennisFiles(), "red", LaptopA, 1));
        await LetASecondPass();

        var (first, firstLogs) = await RunTimerAsync(App);

        Assert.Equal(3, Count(first, "archived"));
        Assert.Equal(0, Count(first, "unchanged"));
        Assert.Equal(6, Count(first, "old_format"));
        Assert.True(first["completed"]!.GetValue<bool>());
        var archives = await ArchivesAsync();
        Assert.Equal(ids.Order(StringComparer.Ordinal), archives.Select(a => a.Id).Order(StringComparer.Ordinal));
        foreach (var id in ids)
        {
            var head = await HeadOfAsync(id);
            Assert.Equal(head, Assert.Single(archives, a => a.Id == id).Head);
            Assert.Contains(firstLogs, line => line.StartsWith($"archived kata {id} at {head[..12]}", StringComparison.Ordinal));
        }
        Assert.Contains(firstLogs, line => line.Contains("for every kata", StringComparison.Ordinal));
        Assert.Contains(firstLogs, line => line.Contains("6 in formats 0 and 1 skipped", StringComparison.Ordinal));

        _repositoryReads.Clear();
        var (second, secondLogs) = await RunTimerAsync(App);

        Assert.Equal(0, Count(second, "archived"));
        Assert.Equal(0, Count(second, "already_archived"));
        Assert.Equal(3, Count(second, "unchanged"));
        Assert.True(second["completed"]!.GetValue<bool>());
        Assert.Empty(_repositoryReads);
        Assert.Equal(archives, await ArchivesAsync());
        Assert.Contains(secondLogs, line => line.Contains("for katas changed since", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_kata_changed_between_runs_is_archived_again_as_its_new_state_which_unpacks_to_a_git_repository()
    {
        Start();
        var changed = await CreateKataAsync();
        var same = await CreateKataAsync();
        await LetASecondPass();
        await RunTimerAsync(App);
        var before = await ArchivesAsync();

        await App.Client.WriteAsync("kata_ran_tests", RanTests(changed, TennisFiles(), "green", LaptopA, 1));
        var (counts, _) = await RunTimerAsync(App);

        Assert.Equal(1, Count(counts, "archived"));
        Assert.Equal(1, Count(counts, "unchanged"));
        var after = await ArchivesAsync();
        Assert.Equal(before.Count + 1, after.Count);
        Assert.Single(after, a => a.Id == same);
        var states = after.Where(a => a.Id == changed).ToList();
        Assert.Equal(2, states.Count);
        var newHead = await HeadOfAsync(changed);
        var latest = Assert.Single(states, a => a.Head == newHead);

        // The archive is kata_download's tgz: a clone git can log, with every tag.
        using var temp = new TempDirectory("archived");
        var blob = await Archive.GetAsync(latest.Name);
        var unpacked = new FileAnswer(HttpStatusCode.OK, null, null, null, null, false, null, blob!.Content.ToArray());
        await unpacked.UnpackAsync(Path.Combine(temp.Path, "unpacked"));
        var folder = Assert.Single(Directory.GetDirectories(Path.Combine(temp.Path, "unpacked")));
        Assert.EndsWith("-" + changed, folder);
        Assert.Equal(["1 ran tests, no prediction, got green", "0 kata creation"], GitCli.Lines(GitCli.Run(folder, "log", "--format=%s")));
        Assert.Equal(["0", "1"], GitCli.Lines(GitCli.Run(folder, "tag")));
        Assert.Equal(newHead + "\n", GitCli.Run(folder, "rev-parse", "HEAD"));
        Assert.Empty(GitCli.Run(folder, "status", "--porcelain"));
    }

    [Fact]
    public async Task A_run_that_crashed_part_way_is_resumed_where_it_stopped_archiving_nothing_twice_and_missing_nothing()
    {
        // A page of two blobs holds one kata (manifest.json, repository.tar): the listing goes page by page.
        Start(pageSize: 2);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++) ids.Add(await CreateKataAsync());
        // The crash: the second archive is written, the checkpoint after it is not.
        var archived = 0;
        var crashed = false;
        Archive.BeforePut = name =>
        {
            if (name.StartsWith(DownloadArchive.DownloadsFolder, StringComparison.Ordinal)) archived++;
            else if (name == DownloadArchive.ProgressBlobName && archived == 2 && !crashed)
            {
                crashed = true;
                return new SimulatedCrashException("the checkpoint after the second archive");
            }
            return null;
        };

        var (status, crash) = await InvokeRunAsync(App);

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("simulated crash", crash.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(2, (await ArchivesAsync()).Count);

        Archive.BeforePut = _ => null;
        var (resumed, logs) = await RunTimerAsync(App);

        Assert.Contains(logs, line => line.StartsWith("resuming the run begun at", StringComparison.Ordinal));
        Assert.Equal(3, Count(resumed, "archived"));
        Assert.Equal(1, Count(resumed, "already_archived"));
        Assert.True(resumed["completed"]!.GetValue<bool>());
        var archives = await ArchivesAsync();
        Assert.Equal(ids.Order(StringComparer.Ordinal), archives.Select(a => a.Id).Order(StringComparer.Ordinal));
        foreach (var id in ids) Assert.Equal(await HeadOfAsync(id), Assert.Single(archives, a => a.Id == id).Head);
    }

    [Fact]
    public async Task A_run_out_of_time_stops_at_a_checkpoint_and_each_next_invocation_resumes_it()
    {
        Start(maxRunSeconds: 0);
        var ids = new[] { await CreateKataAsync(), await CreateKataAsync(), await CreateKataAsync() };

        var invocations = new List<JsonObject>();
        while (invocations.Count < 10)
        {
            var (counts, _) = await RunTimerAsync(App);
            invocations.Add(counts);
            if (counts["completed"]!.GetValue<bool>()) break;
        }

        // One kata per invocation (the time limit is checked after each), then one that finds the listing at its end.
        Assert.Equal([1, 1, 1, 0], invocations.Select(c => Count(c, "archived")));
        Assert.Equal(ids.Order(StringComparer.Ordinal), (await ArchivesAsync()).Select(a => a.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Two_instances_invoked_at_once_archive_each_state_once()
    {
        var first = Start();
        var second = Start();
        for (var i = 0; i < 4; i++) await CreateKataAsync();

        var runs = await Task.WhenAll(RunTimerAsync(first), RunTimerAsync(second));

        // Either one found the other's lease and did nothing, or it ran after it and found nothing new.
        Assert.Equal(4, runs.Sum(r => Count(r.Counts, "archived")));
        Assert.Contains(runs, r => r.Counts["busy"]!.GetValue<bool>() || Count(r.Counts, "archived") == 0);
        Assert.Equal(4, (await ArchivesAsync()).Count);
    }

    [Fact]
    public async Task On_demand_it_answers_in_the_api_envelope_and_only_to_post()
    {
        Start();
        var id = await CreateKataAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await App.Client.GetAsync("scheduled_downloads_run")).Status);
        Assert.Equal(0, Archive.Puts);
        var report = (await App.Client.WriteAsync("scheduled_downloads_run"))!.AsObject();

        Assert.Equal(1, Count(report, "archived"));
        Assert.True(report["completed"]!.GetValue<bool>());
        Assert.Contains(report["log"]!.AsArray(), l => l!.GetValue<string>().StartsWith($"archived kata {id}", StringComparison.Ordinal));
        Assert.Equal(id, Assert.Single(await ArchivesAsync()).Id);
    }

    [Fact]
    public async Task A_standalone_app_runs_it_on_its_schedule_unasked()
    {
        var app = store.StartApp(new Dictionary<string, string?> { ["Saver:ScheduledDownloads:Schedule"] = "* * * * * *" });
        _apps.Add(app);
        var id = (await app.Client.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        var archive = app.Services.GetRequiredService<DownloadArchive>().Blobs;

        // Every second; the first occurrence after the kata was made archives it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        List<BlobItem> archived;
        do
        {
            await Task.Delay(200);
            try
            {
                archived = await archive.ListAsync(DownloadArchive.DownloadsFolder).ToListAsync();
            }
            catch (BlobNotFoundException)
            {
                archived = []; // the archive's container is made by the first run
            }
        } while (archived.Count == 0 && DateTime.UtcNow < deadline);

        Assert.Contains(archived, blob => string.Concat(blob.Name.Split('/')[1..4]) == id);
    }

    /// <summary>Passes everything through, noting the repository blobs read.</summary>
    private sealed class ReadRecordingBlobStore(IBlobStore inner, ConcurrentQueue<string> repositoryReads) : DelegatingBlobStore(inner)
    {
        public override Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default)
        {
            if (name.EndsWith("/repository.tar", StringComparison.Ordinal)) repositoryReads.Enqueue(name);
            return base.GetAsync(name, ifNoneMatch, cancellationToken);
        }
    }
}
