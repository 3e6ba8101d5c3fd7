using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Git;
using Saver.Storage.Katas;
using Saver.Storage.Ids;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// What a kata looks like beneath the API, and what happens to it when a writer fails part
/// way: a kata is a log of packs that reads as a git repository the git command line accepts,
/// and a write that dies at any step leaves the last committed state whole and writable.
/// </summary>
public abstract partial class KataStorageTests(StoreUnderTest store) : IDisposable
{
    /// <summary>A new app instance (as a new function instance would be) on this test's one store.</summary>
    protected SaverApp StartApp(Func<IBlobStore, IBlobStore>? decorateStore = null, IReadOnlyDictionary<string, string?>? settings = null,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null) =>
        store.StartApp(settings, decorateStore, configureServices);

    public void Dispose() => store.Dispose();

    private static async Task<string> CreateAsync(SaverApp app) =>
        (await app.Client.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();

    private static Task<string> UnpackAsync(SaverApp app, string id, TempDirectory temp) =>
        StoredRepository.UnpackAsync(app.Blobs, id, Path.Combine(temp.Path, id));

    [Fact]
    public async Task A_kata_is_a_log_of_packs_that_a_fresh_instance_reads_as_a_git_repository_that_git_accepts()
    {
        await using var app = StartApp();
        using var temp = new TempDirectory("fsck");
        var id = await CreateAsync(app);
        await app.Client.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, 1, stdout: "so\n", stderr: "se\n"));

        var git = await UnpackAsync(app, id, temp);
        GitCli.Run(git, "--git-dir", git, "fsck", "--strict", "--no-dangling");
        Assert.Equal(["1 ran tests, no prediction, got red", "0 kata creation"],
            GitCli.Lines(GitCli.Run(git, "--git-dir", git, "log", "--format=%s", "main")));
        Assert.Equal(["0", "1"], GitCli.Lines(GitCli.Run(git, "--git-dir", git, "tag")));
        Assert.Equal([$"{id} <{id}@cyber-dojo.org> {id} <{id}@cyber-dojo.org>"],
            GitCli.Lines(GitCli.Run(git, "--git-dir", git, "log", "-1", "--format=%an <%ae> %cn <%ce>", "main")));
        Assert.Equal("refs/heads/main", GitCli.Run(git, "--git-dir", git, "symbolic-ref", "HEAD").Trim());
        Assert.Equal(["main"], GitCli.Lines(GitCli.Run(git, "--git-dir", git, "branch", "--format=%(refname:short)")));
        Assert.Equal(
            ["README.md", "events.json", "files/cyber-dojo.sh", "files/readme.txt", "files/tennis.py", "files/tennis_unit_test.py",
             "manifest.json", "options.json", "status", "stderr", "stdout", "truncations.json"],
            GitCli.Lines(GitCli.Run(git, "--git-dir", git, "ls-tree", "-r", "--name-only", "1")));
        Assert.Equal(["README.md", "events.json", "files/cyber-dojo.sh", "files/readme.txt", "files/tennis.py", "files/tennis_unit_test.py", "manifest.json", "options.json"],
            GitCli.Lines(GitCli.Run(git, "--git-dir", git, "ls-tree", "-r", "--name-only", "0")));
        Assert.Equal("1", GitCli.Run(git, "--git-dir", git, "show", "1:status"));
        Assert.Equal("so\n", GitCli.Run(git, "--git-dir", git, "show", "1:stdout"));
        Assert.Equal("{\n  \"stdout\": false,\n  \"stderr\": false\n}", GitCli.Run(git, "--git-dir", git, "show", "1:truncations.json"));
        Assert.Equal("{\n  \"theme\": \"light\",\n  \"colour\": \"on\",\n  \"predict\": \"off\",\n  \"revert_red\": \"off\",\n  \"revert_amber\": \"off\",\n  \"revert_green\": \"off\"\n}",
            GitCli.Run(git, "--git-dir", git, "show", "0:options.json"));
        Assert.StartsWith($"# This a copy of [your cyber-dojo exercise](https://cyber-dojo.org/kata/edit/{id}):\n- Exercise: `Tennis`\n- Language & test-framework: `Python, unittest`\n",
            GitCli.Run(git, "--git-dir", git, "show", "0:README.md"));
        var events = JsonNode.Parse(GitCli.Run(git, "--git-dir", git, "show", "1:events.json"))!.AsArray();
        Assert.Equal(2, events.Count);
        Assert.StartsWith("[\n  {\n    \"index\": 0,\n    \"event\": \"created\",", GitCli.Run(git, "--git-dir", git, "show", "1:events.json"));
    }

    [Fact]
    public async Task A_long_kata_whose_saves_hash_events_json_on_two_cores_reads_as_a_repository_git_accepts()
    {
        await using var app = StartApp();
        using var temp = new TempDirectory("fsck");
        var id = await CreateAsync(app);
        // Each save an edit and a light, so two versions of events.json, hashed at once once it is long.
        const int saves = 150;
        for (var save = 1; save <= saves; save++)
        {
            var files = TennisFiles();
            files["tennis.py"] += $"\n# save {save}\n";
            await app.Client.WriteAsync("kata_ran_tests", RanTests(id, files, save % 3 == 0 ? "green" : "red", LaptopA, save));
        }

        var git = await UnpackAsync(app, id, temp);
        GitCli.Run(git, "--git-dir", git, "fsck", "--strict", "--no-dangling");
        var last = 2 * saves;
        var eventsJson = GitCli.Run(git, "--git-dir", git, "show", $"{last}:events.json");
        // Its last 20 saves' versions, at least, were hashed on another core.
        var twentySavesBack = GitCli.Run(git, "--git-dir", git, "show", $"{last - 40}:events.json").Length;
        Assert.True(twentySavesBack > ObjectIdComputation.OtherThreadFrom, $"events.json 20 saves back is {twentySavesBack} bytes");
        Assert.Equal(Enumerable.Range(0, last + 1), JsonNode.Parse(eventsJson)!.AsArray().Select(e => e!["index"]!.GetValue<int>()));
        Assert.Equal(last, JsonNode.Parse(GitCli.Run(git, "--git-dir", git, "show", $"{last - 1}:events.json"))!.AsArray().Count);
        Assert.Equal([$"{last} ran tests, no prediction, got green", $"{last - 1} edited file tennis.py", $"{last - 2} ran tests, no prediction, got red"],
            GitCli.Lines(GitCli.Run(git, "--git-dir", git, "log", "-3", "--format=%s", "main")));
        Assert.Equal(GitCli.Run(git, "--git-dir", git, "rev-parse", $"{last - 1}"), GitCli.Run(git, "--git-dir", git, "rev-parse", $"{last}^"));
        Assert.Equal(last + 1, GitCli.Lines(GitCli.Run(git, "--git-dir", git, "tag")).Length);

        await using var fresh = StartApp();
        var events = (await fresh.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(JsonNode.Parse(eventsJson)!.AsArray().Select(e => e!["index"]!.GetValue<int>()), events.Select(e => e!["index"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_write_that_dies_after_its_upload_and_before_releasing_the_lease_leaves_the_kata_whole_and_writable()
    {
        FaultyBlobStore? faulty = null;
        string id;
        await using (var dying = StartApp(store => faulty = new FaultyBlobStore(store)))
        {
            id = await CreateAsync(dying);
            faulty!.LeaseHolderIsDead = true;
            // The upload happens; then the process "dies": the lease is neither released nor renewed.
            await dying.Client.SendAsync(HttpMethod.Post, "kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, 1));
            var properties = await dying.Blobs.GetPropertiesAsync(await StoredRepository.LogNameAsync(dying.Blobs, id));
            Assert.Equal(LeaseState.Leased, properties!.LeaseState);
        }

        await using var restarted = StartApp();
        // Readers never need the lease: the committed event is there at once, and whole.
        var events = (await restarted.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(2, events.Count);
        Assert.Equal("red", events[1]!["colour"]!.GetValue<string>());
        using (var temp = new TempDirectory("fsck"))
        {
            var git = await UnpackAsync(restarted, id, temp);
            GitCli.Run(git, "--git-dir", git, "fsck", "--strict", "--no-dangling");
        }

        // A writer waits out the dead holder's lease (at most its 15 s), then writes.
        var files = TennisFiles();
        files["tennis.py"] += "# fixed\n";
        await restarted.Client.WriteAsync("kata_ran_tests", RanTests(id, files, "green", LaptopA, 2));
        var after = (await restarted.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(["create", "red", "file_edit", "green"], after.Select(e => e!["colour"]!.GetValue<string>()));
        Assert.Equal([0, 1, 2, 3], after.Select(e => e!["index"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_write_whose_upload_fails_changes_nothing_and_leaves_the_kata_free()
    {
        FaultyBlobStore? faulty = null;
        await using var app = StartApp(store => faulty = new FaultyBlobStore(store));
        var id = await CreateAsync(app);
        faulty!.BeforePut = name => name.Contains("/repository/log.", StringComparison.Ordinal) ? new IOException("storage went away") : null;

        var failed = await app.Client.PostAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, 1));
        Assert.Equal(HttpStatusCode.InternalServerError, failed.Status);
        Assert.Single((await app.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray());

        faulty.BeforePut = _ => null;
        var clock = Stopwatch.StartNew();
        await app.Client.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, 1));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), "the failed write released its lease");
        Assert.Equal(2, (await app.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray().Count);
    }

    [Fact]
    public async Task Writes_to_one_kata_through_two_instances_at_once_are_all_kept_in_order()
    {
        await using var first = StartApp();
        await using var second = StartApp();
        var id = await CreateAsync(first);

        const int writes = 16;
        await Task.WhenAll(Enumerable.Range(1, writes).Select(tabSeq =>
            (tabSeq % 2 == 0 ? first : second).Client.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, tabSeq))));

        var events = (await first.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(Enumerable.Range(0, writes + 1), events.Select(e => e!["index"]!.GetValue<int>()));
        Assert.Equal(Enumerable.Range(1, writes), events.Skip(1).Select(e => e!["tab_seq"]!.GetValue<int>()).Order());
        using var temp = new TempDirectory("fsck");
        var git = await UnpackAsync(second, id, temp);
        Assert.Equal(writes + 1, GitCli.Lines(GitCli.Run(git, "--git-dir", git, "tag")).Length);
    }
}
