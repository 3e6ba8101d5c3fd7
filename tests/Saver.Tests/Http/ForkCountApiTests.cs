using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Forks;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// kata_forks through real HTTP (beyond the original): each light's content hash, its fork
/// count from the index kata_fork and group_fork keep, and repeats of earlier lights.
/// </summary>
public abstract class ForkCountApiTests(StoreUnderTest store) : OneAppPerTest(store)
{
    private static Dictionary<string, string> WithTennisPy(string returned)
    {
        var files = TennisFiles();
        files["tennis.py"] = $"def score(a, b):\n    return '{returned}'\n";
        return files;
    }

    private static readonly Dictionary<string, string> FifteenLove = WithTennisPy("Fifteen love");
    private static readonly Dictionary<string, string> ThirtyLove = WithTennisPy("Thirty love");

    private async Task<JsonArray> KataForksAsync(string id) =>
        (await Api.ReadAsync("kata_forks", new JsonObject { ["id"] = id }))!.AsArray();

    private static async Task<string> ForkAsync(SaverClient client, string method, string id, JsonNode index) =>
        (await client.WriteAsync(method, new JsonObject { ["id"] = id, ["index"] = index }))!.GetValue<string>();

    private Task<string> KataForkAsync(string id, JsonNode index) => ForkAsync(Api, "kata_fork", id, index);

    private Task<string> GroupForkAsync(string id, JsonNode index) => ForkAsync(Api, "group_fork", id, index);

    /// <summary>One line a row: "4 forks 3/2" (katas/groups) or "5 repeat_of 2".</summary>
    private static string[] Summary(JsonArray rows) =>
    [
        .. rows.Select(row => row!["repeat_of"] is { } first
            ? $"{row["index"]} repeat_of {first}{(row["forks"] is null ? "" : " with forks!")}"
            : $"{row["index"]} forks {row["forks"]!["katas"]}/{row["forks"]!["groups"]}"),
    ];

    private static string HashOf(JsonArray rows, int index) =>
        rows.Single(row => row!["index"]!.GetValue<int>() == index)!["content_hash"]!.GetValue<string>();

    /// <summary>
    /// A Tennis kata with 1 file_edit and 2 red (FifteenLove), 3 file_edit and 4 green
    /// (ThirtyLove): lights at 2 and 4 with different files, and entry 0 with Tennis's.
    /// </summary>
    private async Task<string> KataWithTwoLightsAsync()
    {
        var id = await CreateKataAsync(TennisManifest());
        await RunAsync(id, FifteenLove, 1, "red");
        await RunAsync(id, ThirtyLove, 2, "green");
        return id;
    }

    [Fact]
    public async Task A_new_kata_lists_its_creation_with_the_files_tree_id_git_gives_it_and_no_forks()
    {
        var id = await CreateKataAsync(TennisManifest());

        var answer = await Api.SendRawAsync(HttpMethod.Get, $"/kata_forks?id={id}");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        using var git = await UnpackedKata.UnpackAsync(App.Blobs, id);
        var treeId = git.Git("rev-parse", "0:files").Trim();
        Assert.Equal($"{{\"kata_forks\":[{{\"index\":0,\"content_hash\":\"{treeId}\",\"forks\":{{\"katas\":0,\"groups\":0}},\"repeat_of\":null}}]}}",
            answer.Text);
    }

    [Fact]
    public async Task Lights_are_listed_file_events_are_not_and_each_content_hash_is_the_tree_id_of_that_events_files()
    {
        var id = await KataWithTwoLightsAsync();
        var create = FileWrite(id, ThirtyLove, LaptopA, 3);
        create["filename"] = "notes.txt";
        await Api.WriteAsync("kata_file_create", create);

        var rows = await KataForksAsync(id);

        Assert.Equal(["0 forks 0/0", "2 forks 0/0", "4 forks 0/0"], Summary(rows));
        using var git = await UnpackedKata.UnpackAsync(App.Blobs, id);
        foreach (var index in new[] { 0, 2, 4 })
            Assert.Equal(git.Git("rev-parse", $"{index}:files").Trim(), HashOf(rows, index));
        Assert.Equal(3, rows.Select(row => row!["content_hash"]!.GetValue<string>()).Distinct().Count());
    }

    [Fact]
    public async Task Forks_from_a_light_and_from_its_later_revert_are_counted_once_on_the_first_light()
    {
        var id = await KataWithTwoLightsAsync();
        Assert.Null(await Api.WriteAsync("kata_reverted", RanTests(id, FifteenLove, "red", LaptopA, 3,
            summary: new JsonObject { ["colour"] = "red", ["revert"] = new JsonArray(id, 2) })));

        var before = await KataForksAsync(id);
        Assert.Equal(["0 forks 0/0", "2 forks 0/0", "4 forks 0/0", "5 repeat_of 2"], Summary(before));
        Assert.Equal(HashOf(before, 2), HashOf(before, 5));
        AssertJsonEqual(JsonNode.Parse($"{{\"index\":5,\"content_hash\":\"{HashOf(before, 2)}\",\"forks\":null,\"repeat_of\":2}}"), before[3]);

        await KataForkAsync(id, 2);
        await KataForkAsync(id, 5);

        Assert.Equal(["0 forks 0/0", "2 forks 2/0", "4 forks 0/0", "5 repeat_of 2"], Summary(await KataForksAsync(id)));
    }

    [Fact]
    public async Task Repeated_timeouts_are_repeats_of_the_first_amber_light_and_their_forks_count_on_it()
    {
        var id = await CreateKataAsync(TennisManifest());
        foreach (var tabSeq in new[] { 1, 2, 3 }) await RunAsync(id, FifteenLove, tabSeq, "amber");
        Assert.Equal(["create", "file_edit", "amber", "amber", "amber"],
            (await EventsAsync(id)).Select(e => e!["colour"]!.GetValue<string>()));

        Assert.Equal(["0 forks 0/0", "2 forks 0/0", "3 repeat_of 2", "4 repeat_of 2"], Summary(await KataForksAsync(id)));

        await KataForkAsync(id, 4);
        await GroupForkAsync(id, 3);

        Assert.Equal(["0 forks 0/0", "2 forks 1/1", "3 repeat_of 2", "4 repeat_of 2"], Summary(await KataForksAsync(id)));
    }

    [Fact]
    public async Task Several_katas_and_groups_forked_from_one_light_are_counted_there_and_recorded_under_its_hash()
    {
        var id = await KataWithTwoLightsAsync();

        string[] katas = [await KataForkAsync(id, 4), await KataForkAsync(id, -1), await KataForkAsync(id, "4")];
        string[] groups = [await GroupForkAsync(id, 4), await GroupForkAsync(id, -1)];

        var rows = await KataForksAsync(id);
        Assert.Equal(["0 forks 0/0", "2 forks 0/0", "4 forks 3/2"], Summary(rows));
        var hash = HashOf(rows, 4);
        string[] records = [.. katas.Select(k => $"forks/{hash}/katas/{k}"), .. groups.Select(g => $"forks/{hash}/groups/{g}")];
        Assert.Equal(records.Order(StringComparer.Ordinal), await BlobNamesAsync(ForkLayout.Root));
    }

    [Fact]
    public async Task Forks_are_counted_by_content_so_a_fork_shows_the_count_of_the_light_it_copies_and_its_own_forks_add_to_it()
    {
        var id = await KataWithTwoLightsAsync();
        var fork = await KataForkAsync(id, 4);
        await GroupForkAsync(id, 4);

        var forkRows = await KataForksAsync(fork);
        Assert.Equal(["0 forks 1/1"], Summary(forkRows));
        Assert.Equal(HashOf(await KataForksAsync(id), 4), HashOf(forkRows, 0));

        await KataForkAsync(fork, 0);

        Assert.Equal(["0 forks 0/0", "2 forks 0/0", "4 forks 2/1"], Summary(await KataForksAsync(id)));
        Assert.Equal(["0 forks 2/1"], Summary(await KataForksAsync(fork)));
    }

    [Fact]
    public async Task A_fork_from_a_file_event_counts_on_the_light_with_the_same_files()
    {
        var id = await KataWithTwoLightsAsync();
        Assert.Equal("file_edit", (await EventsAsync(id))[1]!["colour"]!.GetValue<string>());

        await KataForkAsync(id, 1);

        Assert.Equal(["0 forks 0/0", "2 forks 1/0", "4 forks 0/0"], Summary(await KataForksAsync(id)));
    }

    [Fact]
    public async Task Old_format_katas_hash_their_files_as_format_2_stores_them_and_count_their_forks()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);

        var v0 = await KataForksAsync("5rTJv5");
        var v1 = await KataForksAsync("rUqcey");
        Assert.Equal(["0 forks 0/0", "1 forks 0/0", "2 forks 0/0", "3 forks 0/0"], Summary(v0));
        Assert.Equal(["0 forks 0/0", "1 forks 0/0", "2 forks 0/0"], Summary(v1));
        Assert.Equal(["0 forks 0/0", "1 forks 0/0", "2 forks 0/0", "3 forks 0/0"], Summary(await KataForksAsync("5U2J18")));

        var v0Fork = await KataForkAsync("5rTJv5", 3);
        // rUqcey's files at 2 include report/coverage.txt and report/style.txt: a folder in the tree.
        var v1Fork = await KataForkAsync("rUqcey", -1);
        await GroupForkAsync("rUqcey", 2);

        Assert.Equal(["0 forks 0/0", "1 forks 0/0", "2 forks 0/0", "3 forks 1/0"], Summary(await KataForksAsync("5rTJv5")));
        Assert.Equal(["0 forks 0/0", "1 forks 0/0", "2 forks 1/1"], Summary(await KataForksAsync("rUqcey")));
        foreach (var (fork, hash) in new[] { (v0Fork, HashOf(v0, 3)), (v1Fork, HashOf(v1, 2)) })
        {
            using var git = await UnpackedKata.UnpackAsync(App.Blobs, fork);
            Assert.Equal(git.Git("rev-parse", "0:files").Trim(), hash);
        }
    }

    [Fact]
    public async Task An_unknown_kata_is_400_and_kata_forks_is_a_GET_of_the_id_alone_that_changes_nothing()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        var id = await KataWithTwoLightsAsync();
        var blobs = await BlobNamesAsync();

        foreach (var unknown in new JsonNode?[] { "123AbZ", "FxWwrr", "12345", 42, null })
        {
            var answer = await Api.GetAsync("kata_forks", new JsonObject { ["id"] = unknown });
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Matches("^kata .* does not exist$", answer.Exception);
        }
        Assert.Equal("kata 123AbZ does not exist", (await Api.SendRawAsync(HttpMethod.Get, "/kata_forks?id=123AbZ")).Exception);

        var missing = await Api.GetAsync("kata_forks", new JsonObject());
        Assert.Equal(HttpStatusCode.InternalServerError, missing.Status);
        Assert.Equal("missing keyword: :id", missing.Exception);
        var extra = await Api.GetAsync("kata_forks", new JsonObject { ["id"] = id, ["index"] = 2 });
        Assert.Equal(HttpStatusCode.InternalServerError, extra.Status);
        Assert.Equal("unknown keyword: :index", extra.Exception);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostAsync("kata_forks", new JsonObject { ["id"] = id })).Status);

        Assert.Equal(blobs, await BlobNamesAsync());
    }

    [Fact]
    public async Task Counting_lists_the_fork_records_of_the_katas_own_contents_and_never_scans_katas_or_groups()
    {
        var id = await KataWithTwoLightsAsync();
        await KataForkAsync(id, 2);
        await GroupForkAsync(id, 4);
        await CreateKataAsync(TennisManifest());
        ListingRecorderBlobStore? recorder = null;
        await using var app = StartApp(decorateStore: store => recorder = new ListingRecorderBlobStore(store));
        _ = app.Blobs; // the app makes its store when first asked for it
        recorder!.Forget();

        var rows = (await app.Client.ReadAsync("kata_forks", new JsonObject { ["id"] = id }))!.AsArray();

        Assert.Equal(["0 forks 0/0", "2 forks 1/0", "4 forks 0/1"], Summary(rows));
        var kataPrefix = Saver.Storage.Ids.EntityId.Parse(id).PathUnder(Saver.Storage.Ids.EntityKind.Kata);
        var forkPrefixes = rows.Select(row => ForkLayout.Prefix(ContentHash.Parse(row!["content_hash"]!.GetValue<string>()))).ToHashSet();
        Assert.All(recorder.Prefixes, prefix => Assert.True(prefix.StartsWith(kataPrefix, StringComparison.Ordinal) || forkPrefixes.Contains(prefix),
            $"kata_forks listed {prefix}"));
        Assert.Equal(forkPrefixes.Order(), recorder.Prefixes.Where(p => p.StartsWith(ForkLayout.Root, StringComparison.Ordinal)).Distinct().Order());
    }

    [Fact]
    public async Task A_fork_whose_record_is_not_confirmed_is_still_made_and_counted_as_long_as_its_copy_exists()
    {
        var id = await KataWithTwoLightsAsync();
        FaultyBlobStore? faulty = null;
        await using var app = StartApp(decorateStore: store => faulty = new FaultyBlobStore(store));
        _ = app.Blobs;
        // The process "dies" after making the copy: every second put of a record (its confirmation) fails.
        var recordPuts = new ConcurrentDictionary<string, int>();
        faulty!.BeforePut = name => name.StartsWith(ForkLayout.Root, StringComparison.Ordinal) && recordPuts.AddOrUpdate(name, 1, (_, n) => n + 1) > 1
            ? new SimulatedCrashException("confirming the fork record")
            : null;

        var kata = await ForkAsync(app.Client, "kata_fork", id, 2);
        var group = await ForkAsync(app.Client, "group_fork", id, 2);

        Assert.True((await Api.ReadAsync("kata_exists?", new JsonObject { ["id"] = kata }))!.GetValue<bool>());
        Assert.True((await Api.ReadAsync("group_exists?", new JsonObject { ["id"] = group }))!.GetValue<bool>());
        Assert.Equal(["0 forks 0/0", "2 forks 1/1", "4 forks 0/0"], Summary(await KataForksAsync(id)));
        var records = new List<BlobItem>();
        await foreach (var record in App.Blobs.ListAsync(ForkLayout.Root)) records.Add(record);
        Assert.Equal(2, records.Count);
        Assert.All(records, record => Assert.Equal(0, record.Length));
    }

    [Fact]
    public async Task A_fork_that_fails_before_its_copy_exists_is_not_counted_and_a_later_fork_is()
    {
        var id = await KataWithTwoLightsAsync();
        var katas = await BlobNamesAsync("katas/");
        FaultyBlobStore? faulty = null;
        await using var app = StartApp(decorateStore: store => faulty = new FaultyBlobStore(store));
        _ = app.Blobs;
        faulty!.BeforePut = name => name.StartsWith("katas/", StringComparison.Ordinal) || name.StartsWith("groups/", StringComparison.Ordinal)
            ? new SimulatedCrashException("creating the copy")
            : null;

        Assert.Equal(HttpStatusCode.InternalServerError, (await app.Client.PostAsync("kata_fork", new JsonObject { ["id"] = id, ["index"] = 2 })).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await app.Client.PostAsync("group_fork", new JsonObject { ["id"] = id, ["index"] = 2 })).Status);

        Assert.Equal(katas, await BlobNamesAsync("katas/"));
        Assert.Empty(await BlobNamesAsync("groups/"));
        Assert.Equal(["0 forks 0/0", "2 forks 0/0", "4 forks 0/0"], Summary(await KataForksAsync(id)));
        // What is left is two pending records naming ids nothing has.
        Assert.Equal(2, (await BlobNamesAsync(ForkLayout.Root)).Count);

        faulty.BeforePut = _ => null;
        await ForkAsync(app.Client, "kata_fork", id, 2);
        await ForkAsync(app.Client, "group_fork", id, 2);
        Assert.Equal(["0 forks 0/0", "2 forks 1/1", "4 forks 0/0"], Summary(await KataForksAsync(id)));
    }

    [Fact]
    public async Task A_fork_whose_record_cannot_be_written_makes_no_copy()
    {
        var id = await KataWithTwoLightsAsync();
        var katas = await BlobNamesAsync("katas/");
        FaultyBlobStore? faulty = null;
        await using var app = StartApp(decorateStore: store => faulty = new FaultyBlobStore(store));
        _ = app.Blobs;
        faulty!.BeforePut = name => name.StartsWith(ForkLayout.Root, StringComparison.Ordinal) ? new IOException("storage went away") : null;

        Assert.Equal(HttpStatusCode.InternalServerError, (await app.Client.PostAsync("kata_fork", new JsonObject { ["id"] = id, ["index"] = 4 })).Status);
        Assert.Equal(HttpStatusCode.InternalServerError, (await app.Client.PostAsync("group_fork", new JsonObject { ["id"] = id, ["index"] = 4 })).Status);

        Assert.Equal(katas, await BlobNamesAsync("katas/"));
        Assert.Empty(await BlobNamesAsync("groups/"));
        Assert.Empty(await BlobNamesAsync(ForkLayout.Root));
        Assert.Equal(["0 forks 0/0", "2 forks 0/0", "4 forks 0/0"], Summary(await KataForksAsync(id)));
    }
}
