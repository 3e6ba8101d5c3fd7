using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Storage.Json;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// The group, cluster and id_chain endpoints through real HTTP, answered as the original
/// answers (docs/api.md §3.2, §3.3, §5, §7, §8). Each store gets a sealed subclass, so every test
/// runs on each of them.
/// </summary>
public abstract partial class GroupApiTests(StoreUnderTest store) : IAsyncLifetime
{
    private static readonly string[] OptionNames = ["theme", "colour", "predict", "revert_red", "revert_amber", "revert_green"];
    private static readonly string[] OptionDefaults = ["light", "on", "off", "off", "off", "off"];

    protected SaverApp App { get; private set; } = null!;
    protected SaverClient Api => App.Client;

    /// <summary>A new app instance on this test's one store, its blob store wrapped by <paramref name="decorateStore"/> if given.</summary>
    protected SaverApp StartApp(Func<IBlobStore, IBlobStore>? decorateStore = null) => store.StartApp(decorateStore: decorateStore);

    public Task InitializeAsync()
    {
        App = StartApp();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        store.Dispose();
    }

    [Fact]
    public async Task Exists_is_false_for_anything_but_an_existing_group_or_cluster_id()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        foreach (var method in new[] { "group_exists", "cluster_exists" })
        {
            foreach (var bad in new[] { "42", "null", "[]", "{}", "true", "\"\"", "\"12345\"", "\"12345i\"", "\"123AbZ\"" })
            {
                var answer = await Api.SendRawAsync(HttpMethod.Get, "/" + method, $"{{\"id\":{bad}}}");
                Assert.Equal(HttpStatusCode.OK, answer.Status);
                Assert.Equal($"{{\"{method}?\":false}}", answer.Text);
            }
        }
        Assert.Equal("{\"group_exists?\":true}", (await Api.SendRawAsync(HttpMethod.Get, "/group_exists?id=FxWwrr")).Text);
        Assert.Equal("{\"group_exists?\":true}", (await Api.SendRawAsync(HttpMethod.Get, "/group_exists", "{\"id\":\"REf1t8\"}")).Text);
        // A kata's id and a group's id are not each other's.
        Assert.Equal("{\"group_exists?\":false}", (await Api.SendRawAsync(HttpMethod.Get, "/group_exists?id=5rTJv5")).Text);
        Assert.Equal("{\"cluster_exists?\":false}", (await Api.SendRawAsync(HttpMethod.Get, "/cluster_exists?id=FxWwrr")).Text);
    }

    [Fact]
    public async Task Unknown_ids_are_400_with_the_originals_messages()
    {
        foreach (var (method, verb, message) in new[]
                 {
                     ("group_manifest", HttpMethod.Get, "group 123AbZ does not exist"),
                     ("group_joined", HttpMethod.Get, "group 123AbZ does not exist"),
                     ("group_join", HttpMethod.Post, "group 123AbZ does not exist"),
                     ("cluster_manifest", HttpMethod.Get, "cluster 123AbZ does not exist"),
                     ("id_chain", HttpMethod.Get, "id 123AbZ does not exist"),
                     ("group_fork", HttpMethod.Post, "kata 123AbZ does not exist"),
                 })
        {
            var arguments = new JsonObject { ["id"] = "123AbZ" };
            if (method == "group_fork") arguments["index"] = 0;
            var answer = await Api.SendAsync(verb, method, arguments);
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal("application/json", answer.ContentType);
            Assert.Equal(message, answer.Exception);
        }
        var malformed = await Api.SendAsync(HttpMethod.Get, "group_manifest", new JsonObject { ["id"] = "12345" });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal("group 12345 does not exist", malformed.Exception);
        Assert.Empty(await BlobNamesAsync(""));
    }

    [Fact]
    public async Task A_created_group_stores_its_manifest_with_default_options_version_created_and_id()
    {
        var sent = TennisManifest();
        sent["theme"] = "dark";
        sent["predict"] = "on";
        var id = await CreateGroupAsync(sent);
        Assert.Matches("^[0-9A-HJ-NP-Za-hj-np-z]{6}$", id);
        Assert.True((await Api.ReadAsync("group_exists?", new JsonObject { ["id"] = id }))!.GetValue<bool>());
        Assert.False((await Api.ReadAsync("kata_exists?", new JsonObject { ["id"] = id }))!.GetValue<bool>());

        var manifest = await GroupManifestAsync(id);
        var created = manifest["created"]!;
        Assert.Equal(7, created.AsArray().Count);
        // As Ruby's Hash#merge: options the input has keep their places, the others follow.
        var stored = (JsonObject)sent.DeepClone();
        for (var i = 0; i < OptionNames.Length; i++) stored[OptionNames[i]] = OptionDefaults[i];
        stored["version"] = 2;
        stored["created"] = created.DeepClone();
        stored["id"] = id;
        // What the blob holds: compact JSON of the input, the option defaults (which win), version, created and id.
        var blob = await App.Blobs.GetAsync(GroupLayout.ManifestBlobName(EntityId.Parse(id)));
        Assert.Equal(SaverJson.Compact(stored), Encoding.UTF8.GetString(blob!.Content.Span));
        var katas = await App.Blobs.GetAsync(GroupLayout.KatasBlobName(EntityId.Parse(id)));
        Assert.Equal(0, katas!.Content.Length);

        // What group_manifest answers: the same, with the read defaults filled in.
        var expected = (JsonObject)stored.DeepClone();
        expected["max_seconds"] = 10;
        AssertSameJson(expected, manifest);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Creating_a_group_of_version_0_or_1_is_505_and_creates_nothing(int version)
    {
        var manifest = TennisManifest();
        manifest["version"] = version;
        var answer = await Api.PostAsync("group_create", new JsonObject { ["manifest"] = manifest });
        Assert.Equal((HttpStatusCode)505, answer.Status);
        Assert.Equal($"Group_v{version}: write not supported", answer.Exception);
        Assert.Empty(await BlobNamesAsync(""));
    }

    [Fact]
    public async Task A_group_no_kata_could_be_made_from_is_refused_and_nothing_is_created()
    {
        var noFiles = TennisManifest();
        noFiles.Remove("visible_files");
        var unsafeName = TennisManifest();
        unsafeName["visible_files"]!["../escape.sh"] = new JsonObject { ["content"] = "" };
        foreach (var (manifest, message) in new[] { (noFiles, "manifest.visible_files must be"), (unsafeName, "unsafe file name") })
        {
            var answer = await Api.PostAsync("group_create", new JsonObject { ["manifest"] = manifest });
            Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
            Assert.StartsWith(message, answer.Exception);
        }
        var notAnObject = await Api.PostAsync("group_create", new JsonObject { ["manifest"] = new JsonArray() });
        Assert.Equal(HttpStatusCode.InternalServerError, notAnObject.Status);
        Assert.Empty(await BlobNamesAsync(""));
    }

    [Fact]
    public async Task A_new_groups_joined_is_empty_and_joins_take_the_first_free_index_asked_for()
    {
        var id = await CreateGroupAsync();
        AssertSameJson(new JsonObject(), await Api.ReadAsync("group_joined", new JsonObject { ["id"] = id }));

        var first = await JoinAsync(id, 15, 4, 7);
        var second = await JoinAsync(id, 15, 4, 7);
        Assert.NotEqual(first, second);

        var joined = Assert.IsType<JsonObject>(await Api.ReadAsync("group_joined", new JsonObject { ["id"] = id }));
        Assert.Equal(["4", "15"], joined.Select(p => p.Key));
        Assert.Equal(second, joined["4"]!["id"]!.GetValue<string>());
        Assert.Equal(first, joined["15"]!["id"]!.GetValue<string>());
        foreach (var (index, kata) in new[] { ("4", second), ("15", first) })
        {
            Assert.Equal(["id", "events"], joined[index]!.AsObject().Select(p => p.Key));
            AssertSameJson(await Api.ReadAsync("kata_events", new JsonObject { ["id"] = kata }), joined[index]!["events"]);
        }
        // Any member's id gives its group's members.
        AssertSameJson(joined, await Api.ReadAsync("group_joined", new JsonObject { ["id"] = first }));
        Assert.Equal($"{first} 15\n{second} 4\n", await KatasTxtAsync(id));
    }

    [Fact]
    public async Task A_joined_kata_is_made_from_the_groups_manifest_and_knows_its_group_and_avatar()
    {
        var sent = TennisManifest();
        sent["max_seconds"] = 15;
        var id = await CreateGroupAsync(sent);
        var kata = await JoinAsync(id, 9);

        var group = await GroupManifestAsync(id);
        var manifest = Assert.IsType<JsonObject>(await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = kata }));
        var expected = (JsonObject)group.DeepClone();
        expected.Remove("visible_files");
        expected["created"] = manifest["created"]!.DeepClone();
        expected["group_id"] = id;
        expected["group_index"] = 9;
        expected["id"] = kata;
        AssertSameJson(expected, manifest);
        var files = (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = kata, ["index"] = 0 }))!["files"];
        AssertSameJson(group["visible_files"], files);
        Assert.Equal([$"{kata} 9"], (await KatasTxtAsync(id)).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(GroupLayout.ClaimBlobName(EntityId.Parse(id), 9), await BlobNamesAsync(GroupLayout.Prefix(EntityId.Parse(id))));
    }

    [Fact]
    public async Task Joining_without_indexes_takes_some_avatar_and_a_full_list_gives_null()
    {
        var id = await CreateGroupAsync();
        var kata = (await Api.WriteAsync("group_join", new JsonObject { ["id"] = id }))!.GetValue<string>();
        var index = (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = kata }))!["group_index"]!.GetValue<int>();
        Assert.InRange(index, 0, 63);
        Assert.Equal($"{kata} {index}\n", await KatasTxtAsync(id));

        Assert.Null(await Api.WriteAsync("group_join", new JsonObject { ["id"] = id, ["indexes"] = new JsonArray(index) }));
        Assert.Null(await Api.WriteAsync("group_join", new JsonObject { ["id"] = id, ["indexes"] = new JsonArray() }));
        Assert.Equal($"{kata} {index}\n", await KatasTxtAsync(id));
    }

    [Fact]
    public async Task Bad_indexes_are_refused_and_change_nothing()
    {
        var id = await CreateGroupAsync();
        var before = await BlobNamesAsync("");
        foreach (var bad in new[] { "[64]", "[-1]", "[3, 99]", "[\"a\"]", "[1.5]", "[null]", "\"0\"", "{}", "7" })
        {
            var answer = await Api.SendRawAsync(HttpMethod.Post, "/group_join", $"{{\"id\":\"{id}\",\"indexes\":{bad}}}");
            Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
            Assert.StartsWith("indexes must be", answer.Exception);
        }
        Assert.Equal(before, await BlobNamesAsync(""));
        Assert.Equal("", await KatasTxtAsync(id));
    }

    [Fact]
    public async Task The_almost_full_format_2_group_gives_its_last_avatar_then_is_full()
    {
        await GroupArchives.LoadGroupsAsync(App.Blobs, GroupArchives.Format2);
        const string id = "U8Tt6y";
        Assert.Equal(63, (await KatasTxtAsync(id)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var kata = (await Api.WriteAsync("group_join", new JsonObject { ["id"] = id }))!.GetValue<string>();
        Assert.Null(await Api.WriteAsync("group_join", new JsonObject { ["id"] = id }));

        var manifest = (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = kata }))!.AsObject();
        Assert.Equal(id, manifest["group_id"]!.GetValue<string>());
        Assert.Equal(19, manifest["group_index"]!.GetValue<int>());
        Assert.Equal("C++ Countdown, Practice Round", manifest["display_name"]!.GetValue<string>());
        var lines = (await KatasTxtAsync(id)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(64, lines.Length);
        Assert.Equal($"{kata} 19", lines[^1]);
        Assert.Equal(Enumerable.Range(0, 64), lines.Select(l => int.Parse(l.Split(' ')[1])).Order());
    }

    [Fact]
    public async Task Joining_a_format_0_or_1_group_is_505_and_changes_nothing()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        await GroupArchives.LoadGroupsAsync(App.Blobs, GroupArchives.Format0);
        await GroupArchives.LoadGroupsAsync(App.Blobs, GroupArchives.Format1);
        var before = await BlobNamesAsync("");
        foreach (var (id, version) in new[] { ("FxWwrr", 0), ("AWCQdE", 0), ("REf1t8", 1), ("X9UunP", 1) })
        {
            foreach (var arguments in new[] { new JsonObject { ["id"] = id }, new JsonObject { ["id"] = id, ["indexes"] = new JsonArray(23, 38) } })
            {
                var answer = await Api.PostAsync("group_join", arguments);
                Assert.Equal((HttpStatusCode)505, answer.Status);
                Assert.Equal($"Group_v{version}: write not supported", answer.Exception);
            }
        }
        Assert.Equal(before, await BlobNamesAsync(""));
    }

    [Fact]
    public async Task Old_format_group_manifests_are_read_with_plain_contents_and_the_defaults()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        var v0 = await GroupManifestAsync("FxWwrr");
        Assert.Equal(0, v0["version"]!.GetValue<int>());
        Assert.Equal("FxWwrr", v0["id"]!.GetValue<string>());
        Assert.Equal("ISBN", v0["exercise"]!.GetValue<string>());
        Assert.Equal(2, v0["tab_size"]!.GetValue<int>());
        Assert.Equal(10, v0["max_seconds"]!.GetValue<int>());
        Assert.Equal("\ndef answer\n  6 * 9\nend\n", v0["visible_files"]!["hiker.rb"]!["content"]!.GetValue<string>());
        Assert.Equal(5, v0["visible_files"]!.AsObject().Count);
        for (var i = 0; i < OptionNames.Length; i++) Assert.Equal(OptionDefaults[i], v0[OptionNames[i]]!.GetValue<string>());

        var v1 = await GroupManifestAsync("REf1t8");
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Fixtures.CyberDojoFolder, "groups", "RE", "f1", "t8", "manifest.json")))!.AsObject();
        foreach (var (key, value) in stored) AssertSameJson(value, v1[key]);
        Assert.Equal(1, v1["version"]!.GetValue<int>());
        AssertSameJson(new JsonArray(), v1["progress_regexs"]);
        AssertSameJson(new JsonArray(), v1["highlight_filenames"]);

        await GroupArchives.LoadGroupsAsync(App.Blobs, GroupArchives.Format0);
        var archived = await GroupManifestAsync("AWCQdE");
        Assert.All(archived["visible_files"]!.AsObject(), file => Assert.IsAssignableFrom<JsonValue>(file.Value!["content"]));
    }

    [Fact]
    public async Task Joined_lists_the_members_of_old_format_groups_with_their_events()
    {
        // Needs format 0 and 1 katas served by KataService (the legacy-katas branch).
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        var joined = Assert.IsType<JsonObject>(await Api.ReadAsync("group_joined", new JsonObject { ["id"] = "FxWwrr" }));
        Assert.Equal(["32"], joined.Select(p => p.Key));
        Assert.Equal("5rTJv5", joined["32"]!["id"]!.GetValue<string>());
        var events = joined["32"]!["events"]!.AsArray();
        Assert.Equal(4, events.Count);
        // Neither colour nor diff counts on event 0 of a format 0 or 1 kata, as the original.
        Assert.Equal("""{"event":"created","time":[2019,1,16,12,44,55,800239],"index":0,"major_index":0,"minor_index":0}""",
            events[0]!.ToJsonString());
        Assert.Equal(["red", "amber", "green"], events.Skip(1).Select(e => e!["colour"]!.GetValue<string>()));
        AssertSameJson(joined, await Api.ReadAsync("group_joined", new JsonObject { ["id"] = "5rTJv5" }));
        AssertSameJson(new JsonObject(), await Api.ReadAsync("group_joined", new JsonObject { ["id"] = "H8NAvN" }));

        var v1 = Assert.IsType<JsonObject>(await Api.ReadAsync("group_joined", new JsonObject { ["id"] = "LyQpFr" }));
        Assert.Equal(["26", "27"], v1.Select(p => p.Key));
        Assert.Equal(["rUqcey", "38w9NC"], v1.Select(p => p.Value!["id"]!.GetValue<string>()));
        Assert.Equal([3, 2], v1.Select(p => p.Value!["events"]!.AsArray().Count));
        var rhino = Assert.IsType<JsonObject>(await Api.ReadAsync("group_joined", new JsonObject { ["id"] = "REf1t8" }));
        Assert.Equal(["44"], rhino.Select(p => p.Key));
        Assert.Equal("5U2J18", rhino["44"]!["id"]!.GetValue<string>());
        Assert.Equal(4, rhino["44"]!["events"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_kata_in_no_group_has_no_joined_and_a_kata_of_a_lost_group_is_400()
    {
        var kata = (await Api.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        AssertSameJson(new JsonObject(), await Api.ReadAsync("group_joined", new JsonObject { ["id"] = kata }));

        var orphan = TennisManifest();
        orphan["group_id"] = "123AbZ";
        orphan["group_index"] = 3;
        var lost = (await Api.WriteAsync("kata_create", new JsonObject { ["manifest"] = orphan }))!.GetValue<string>();
        var answer = await Api.SendAsync(HttpMethod.Get, "group_joined", new JsonObject { ["id"] = lost });
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("group 123AbZ does not exist", answer.Exception);
    }

    protected async Task<string> CreateGroupAsync(JsonObject? manifest = null) =>
        (await Api.WriteAsync("group_create", new JsonObject { ["manifest"] = manifest ?? TennisManifest() }))!.GetValue<string>();

    protected async Task<string?> JoinAsync(string id, params int[] indexes)
    {
        var arguments = new JsonObject { ["id"] = id, ["indexes"] = new JsonArray(indexes.Select(i => (JsonNode)i).ToArray()) };
        return (await Api.WriteAsync("group_join", arguments))?.GetValue<string>();
    }

    protected async Task<JsonObject> GroupManifestAsync(string id) =>
        Assert.IsType<JsonObject>(await Api.ReadAsync("group_manifest", new JsonObject { ["id"] = id }));

    protected async Task<string> KatasTxtAsync(string id)
    {
        var blob = await App.Blobs.GetAsync(GroupLayout.KatasBlobName(EntityId.Parse(id)));
        Assert.NotNull(blob);
        return Encoding.UTF8.GetString(blob.Content.Span);
    }

    protected async Task<List<string>> BlobNamesAsync(string prefix)
    {
        var names = new List<string>();
        foreach (var top in prefix.Length > 0 ? [prefix] : new[] { "katas/", "groups/", "clusters/" })
            await foreach (var item in App.Blobs.ListAsync(top)) names.Add(item.Name);
        return names;
    }

    protected static void AssertSameJson(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual),
            $"expected {expected?.ToJsonString() ?? "null"}\nactual   {actual?.ToJsonString() ?? "null"}");
}
