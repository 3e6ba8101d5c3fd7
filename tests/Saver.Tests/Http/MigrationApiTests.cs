using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// kata_migrate and group_migrate (docs/migration.md) through real HTTP: every kata and
/// group of formats 0 and 1 in the original's fixtures becomes format 2 and answers every
/// read as before, bar what docs/api.md says differs between formats; its repository is judged
/// by the git command line. Each store gets a sealed subclass (OnEachStore.cs).
/// </summary>
public abstract partial class MigrationApiTests(StoreUnderTest store) : OneAppPerTest(store)
{
    /// <summary>The old katas of the fixtures, their formats and their event colours.</summary>
    public static readonly (string Id, int Version)[] OldKatas =
        [("5rTJv5", 0), ("k5ZTk0", 0), ("5U2J18", 1), ("rUqcey", 1), ("38w9NC", 1), ("H8NAvN", 1)];

    /// <summary>The old groups of the fixtures, their formats and their members by avatar index.</summary>
    public static readonly (string Id, int Version, (int Index, string Kata)[] Members)[] OldGroups =
    [
        ("FxWwrr", 0, [(32, "5rTJv5")]),
        ("chy6BJ", 0, [(11, "k5ZTk0")]),
        ("LyQpFr", 1, [(26, "rUqcey"), (27, "38w9NC")]),
        ("REf1t8", 1, [(44, "5U2J18")]),
    ];

    private async Task<JsonObject> MigrateKataAsync(string id) =>
        (await Api.WriteAsync("kata_migrate", new JsonObject { ["id"] = id }))!.AsObject();

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual?.ToJsonString()}");

    private Task<BlobProperties?> RepositoryAsync(string id) =>
        App.Blobs.GetPropertiesAsync(StoredRepository.HeadOf(EntityId.Parse(id)));

    /// <summary>Every read of a kata the issue names, as answered now.</summary>
    private sealed record KataReads(
        string EventsText, JsonArray Events, Dictionary<string, JsonObject> EventByIndex, JsonObject Manifest,
        Dictionary<string, JsonNode?> Options, Dictionary<string, ApiAnswer> Diffs, JsonObject Joined);

    private async Task<KataReads> ReadKataAsync(string id)
    {
        var eventsAnswer = await Api.SendAsync(HttpMethod.Get, "kata_events", new JsonObject { ["id"] = id });
        Assert.Equal(HttpStatusCode.OK, eventsAnswer.Status);
        var events = eventsAnswer.Json!["kata_events"]!.AsArray();
        var indexes = events.Select(e => e!["index"]!.GetValue<int>()).ToList();
        var byIndex = new Dictionary<string, JsonObject>();
        foreach (var index in indexes.Append(-1))
            byIndex[index.ToString()] = (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = index }))!.AsObject();
        var options = new Dictionary<string, JsonNode?>();
        foreach (var (name, _) in KataOptions.Defaults)
            options[name] = await Api.ReadAsync("kata_option_get", new JsonObject { ["id"] = id, ["name"] = name });
        var diffs = new Dictionary<string, ApiAnswer>();
        foreach (var (was, now) in indexes.Zip(indexes.Skip(1)))
            diffs[$"{was}..{now}"] = await Api.GetAsync("diff_lines", new JsonObject { ["id"] = id, ["was_index"] = was, ["now_index"] = now });
        var manifest = (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = id }))!.AsObject();
        // This kata's own entry of group_joined: the other members may not be migrated yet.
        var joined = new JsonObject();
        foreach (var (index, member) in (await Api.ReadAsync("group_joined", new JsonObject { ["id"] = id }))!.AsObject())
            if (member!["id"]!.GetValue<string>() == id) joined[index] = member.DeepClone();
        return new KataReads(eventsAnswer.Text, events, byIndex, manifest, options, diffs, joined);
    }

    /// <summary>
    /// The answers after a migration equal those before, apart from what docs/api.md says
    /// differs between formats: kata_manifest's version and visible_files (§3.4), the
    /// output, status and colour format 2 gives event 0 (§3.4), the diff counts it gives event 0
    /// in kata_events, and in group_joined the colour and diff counts of entry 0, which formats
    /// 0 and 1 leave out (§3.3).
    /// </summary>
    /// <summary>A format 0/1 kata's events as format 2 gives them: event 0 with diff counts.</summary>
    private static JsonArray AsFormat2(IEnumerable<JsonNode?> events)
    {
        var copy = new JsonArray([.. events.Select(e => e!.DeepClone())]);
        if (copy.Count > 0 && copy[0] is JsonObject first && first["index"]!.GetValue<int>() == 0)
        {
            first["diff_added_count"] = 0;
            first["diff_deleted_count"] = 0;
        }
        return copy;
    }

    private static JsonNode InPathOrder(JsonNode? diffLines) =>
        new JsonArray([.. diffLines!["diff_lines"]!.AsArray().Select(entry => entry!.DeepClone())
            .OrderBy(entry => entry!["type"]!.GetValue<string>() == "unchanged")
            .ThenBy(entry => entry!["new_filename"]?.GetValue<string>(), StringComparer.Ordinal)]);

    private static void AssertSameReads(string id, KataReads before, KataReads after)
    {
        // Format 2 gives event 0 diff counts, which formats 0 and 1 leave out (as the original does).
        const string Created = "\"colour\":\"create\",";
        Assert.Single(before.EventsText.Split(Created)[1..]);
        Assert.Equal(before.EventsText.Replace(Created, Created + "\"diff_added_count\":0,\"diff_deleted_count\":0,"), after.EventsText);
        Assert.Equal(before.EventByIndex.Keys, after.EventByIndex.Keys);
        foreach (var (index, was) in before.EventByIndex)
        {
            var expected = (JsonObject)was.DeepClone();
            if (index == "0")
            {
                Assert.Equal(["event", "files", "index", "time"], was.Select(p => p.Key).Order(StringComparer.Ordinal));
                expected["stdout"] = Output("");
                expected["stderr"] = Output("");
                expected["status"] = 0;
                expected["colour"] = "create";
            }
            AssertJsonEqual(expected, after.EventByIndex[index]);
        }
        Assert.Equal(before.Options.Keys, after.Options.Keys);
        foreach (var (name, value) in before.Options) AssertJsonEqual(value, after.Options[name]);
        Assert.Equal(before.Diffs.Keys, after.Diffs.Keys);
        foreach (var (range, diff) in before.Diffs)
        {
            Assert.Equal(HttpStatusCode.OK, diff.Status);
            // Format 2 lists unchanged files in path order, formats 0 and 1 in the now event's.
            AssertJsonEqual(InPathOrder(diff.Json), InPathOrder(after.Diffs[range].Json));
        }

        var manifestBefore = (JsonObject)before.Manifest.DeepClone();
        Assert.NotNull(manifestBefore["visible_files"]);
        Assert.Contains(manifestBefore["version"]!.GetValue<int>(), new[] { 0, 1 });
        manifestBefore.Remove("visible_files");
        manifestBefore["version"] = 2;
        AssertJsonEqual(manifestBefore, after.Manifest);
        Assert.Equal(id, after.Manifest["id"]!.GetValue<string>());

        var joinedExpected = (JsonObject)before.Joined.DeepClone();
        foreach (var (_, member) in joinedExpected)
        {
            var first = member!["events"]![0]!.AsObject();
            Assert.False(first.ContainsKey("colour"));
            Assert.False(first.ContainsKey("diff_added_count"));
            first["colour"] = "create";
            first["diff_added_count"] = 0;
            first["diff_deleted_count"] = 0;
        }
        AssertJsonEqual(joinedExpected, after.Joined);
    }

    [Fact]
    public async Task Every_old_kata_of_the_fixtures_answers_every_read_the_same_after_its_migration()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        foreach (var (id, version) in OldKatas)
        {
            var before = await ReadKataAsync(id);
            Assert.Null(await RepositoryAsync(id));

            AssertJson($$"""{"id":"{{id}}","version":{{version}},"migrated":true}""", await MigrateKataAsync(id));

            Assert.NotNull(await RepositoryAsync(id));
            AssertSameReads(id, before, await ReadKataAsync(id));
        }
    }

    [Fact]
    public async Task A_migrated_kata_is_a_format_2_repository_whose_commits_carry_the_event_times_messages_and_tags()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        var expectedLogs = new Dictionary<string, string[]>
        {
            ["5rTJv5"] = ["3 ran tests, no prediction, got green", "2 ran tests, no prediction, got amber",
                          "1 ran tests, predicted red, got red", "0 kata creation"],
            ["k5ZTk0"] = ["3 ran tests, no prediction, got green", "2 ran tests, no prediction, got amber",
                          "1 ran tests, no prediction, got red", "0 kata creation"],
            ["5U2J18"] = ["3 ran tests, no prediction, got green", "2 ran tests, no prediction, got amber",
                          "1 ran tests, no prediction, got red", "0 kata creation"],
            ["rUqcey"] = ["2 ran tests, no prediction, got green", "1 ran tests, no prediction, got green", "0 kata creation"],
            ["38w9NC"] = ["1 ran tests, no prediction, got red", "0 kata creation"],
            ["H8NAvN"] = ["1 ran tests, no prediction, got red", "0 kata creation"],
        };
        foreach (var (id, _) in OldKatas)
        {
            var events = await EventsAsync(id);
            var status1 = (await EventAsync(id, 1))["status"]!.GetValue<string>();
            await MigrateKataAsync(id);

            using var kata = await UnpackedKata.UnpackAsync(App.Blobs, id);
            kata.Git("fsck", "--strict", "--no-dangling");
            Assert.Equal(expectedLogs[id], kata.Log());
            Assert.Equal(Enumerable.Range(0, events.Count), kata.Tags());
            Assert.Equal("refs/heads/main", kata.Git("symbolic-ref", "HEAD").Trim());
            // Author and committer are the kata, each at the time of the event (seconds: git keeps no less).
            var stamps = events.Reverse().Select(e => StampText(e!["time"]!.AsArray())).ToArray();
            Assert.Equal(stamps.Select(s => $"{id} <{id}@cyber-dojo.org> {s} {id} <{id}@cyber-dojo.org> {s}"),
                GitCli.Lines(kata.Git("log", "--date=format:%Y-%m-%d %H:%M:%S", "--format=%an <%ae> %ad %cn <%ce> %cd", "main")));
            for (var index = 0; index < events.Count; index++)
            {
                Assert.Equal(kata.CommitOf(index.ToString()), kata.CommitOf($"main~{events.Count - 1 - index}"));
                // events.json of each commit holds the entries up to that event, as a format-2 kata would.
                var stored = JsonNode.Parse(kata.Git("show", $"{index}:events.json"))!.AsArray();
                Assert.Equal(index + 1, stored.Count);
            }
            var manifest = JsonNode.Parse(kata.Git("show", "main:manifest.json"))!.AsObject();
            Assert.Equal(2, manifest["version"]!.GetValue<int>());
            Assert.False(manifest.ContainsKey("visible_files"));
            AssertJson("""{"theme":"light","colour":"on","predict":"off","revert_red":"off","revert_amber":"off","revert_green":"off"}""",
                JsonNode.Parse(kata.Git("show", "main:options.json")));
            Assert.StartsWith($"# This a copy of [your cyber-dojo exercise](https://cyber-dojo.org/kata/edit/{id}):\n- Exercise: `",
                kata.Git("show", "main:README.md"));
            Assert.Equal(["README.md", "events.json", "files", "manifest.json", "options.json"], GitCli.Lines(kata.Git("ls-tree", "--name-only", "0")));
            Assert.Equal(["README.md", "events.json", "files", "manifest.json", "options.json", "status", "stderr", "stdout", "truncations.json"],
                GitCli.Lines(kata.Git("ls-tree", "--name-only", "1")));
            Assert.Equal(status1, kata.Git("show", "1:status"));
        }
    }

    private async Task<JsonObject> EventAsync(string id, int index) =>
        (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = index }))!.AsObject();

    private static string StampText(JsonArray t) =>
        $"{t[0]!.GetValue<int>():D4}-{t[1]!.GetValue<int>():D2}-{t[2]!.GetValue<int>():D2} {t[3]!.GetValue<int>():D2}:{t[4]!.GetValue<int>():D2}:{t[5]!.GetValue<int>():D2}";

    [Fact]
    public async Task The_option_files_of_an_old_kata_become_its_options_json()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        await PutAsync(KataLayout.BlobName(EntityId.Parse("5U2J18"), "theme"), "\ndark");
        await PutAsync(KataLayout.BlobName(EntityId.Parse("5U2J18"), "predict"), "on\n");
        var before = await ReadKataAsync("5U2J18");
        Assert.Equal("dark", before.Options["theme"]!.GetValue<string>());

        await MigrateKataAsync("5U2J18");

        AssertSameReads("5U2J18", before, await ReadKataAsync("5U2J18"));
        using var kata = await UnpackedKata.UnpackAsync(App.Blobs, "5U2J18");
        Assert.Equal("{\n  \"theme\": \"dark\",\n  \"colour\": \"on\",\n  \"predict\": \"on\",\n  \"revert_red\": \"off\",\n  \"revert_amber\": \"off\",\n  \"revert_green\": \"off\"\n}",
            kata.Git("show", "0:options.json"));
        // And they can be set now, with an untagged commit as on any format-2 kata.
        Assert.Equal("", (await Api.WriteAsync("kata_option_set", new JsonObject { ["id"] = "5U2J18", ["name"] = "theme", ["value"] = "light" }))!.GetValue<string>());
        Assert.Equal("light", (await Api.ReadAsync("kata_option_get", new JsonObject { ["id"] = "5U2J18", ["name"] = "theme" }))!.GetValue<string>());
    }

    private async Task PutAsync(string blobName, string content) => await App.Blobs.PutAsync(blobName, Encoding.UTF8.GetBytes(content));

    [Fact]
    public async Task Migrating_again_or_migrating_a_format_2_kata_changes_nothing()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        await MigrateKataAsync("5rTJv5");
        var repository = await StoredRepository.VersionAsync(App.Blobs, "5rTJv5");
        var blobs = await BlobNamesAsync("katas/");

        AssertJson("""{"id":"5rTJv5","version":2,"migrated":false}""", await MigrateKataAsync("5rTJv5"));

        Assert.Equal(repository, await StoredRepository.VersionAsync(App.Blobs, "5rTJv5"));
        Assert.Equal(blobs, await BlobNamesAsync("katas/"));

        var created = await CreateKataAsync(TennisManifest());
        var createdRepository = await StoredRepository.VersionAsync(App.Blobs, created);
        AssertJson($$"""{"id":"{{created}}","version":2,"migrated":false}""", await MigrateKataAsync(created));
        Assert.Equal(createdRepository, await StoredRepository.VersionAsync(App.Blobs, created));
    }

    [Fact]
    public async Task The_original_files_stay_as_they_were_and_the_kata_reads_from_its_repository()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        var prefix = KataLayout.Prefix(EntityId.Parse("5U2J18"));
        var before = new Dictionary<string, ETag>();
        await foreach (var blob in App.Blobs.ListAsync(prefix)) before[blob.Name] = blob.ETag;

        await MigrateKataAsync("5U2J18");

        var after = new Dictionary<string, ETag>();
        await foreach (var blob in App.Blobs.ListAsync(prefix)) after[blob.Name] = blob.ETag;
        Assert.Equal(before.Keys.Append(prefix + "repository/head").Order(StringComparer.Ordinal), after.Keys.Order(StringComparer.Ordinal));
        // A member of group REf1t8 keeps its logs under the group.
        Assert.NotNull(await App.Blobs.GetPropertiesAsync(KataLayout.MemberLogsPrefix(EntityId.Parse("REf1t8")) + "5U2J18/log.000001"));
        foreach (var (name, etag) in before) Assert.Equal(etag, after[name]);
        // The old files are a backup that nothing reads: an event file removed changes no answer.
        var event2 = await EventAsync("5U2J18", 2);
        await App.Blobs.DeleteAsync(prefix + "2.event.json");
        AssertJsonEqual(event2, await EventAsync("5U2J18", 2));
    }

    [Fact]
    public async Task Migrating_an_unknown_or_malformed_id_is_400_and_a_bad_call_is_the_originals_error()
    {
        foreach (var id in new JsonNode?[] { "123AbZ", "12345", null, 42 })
        {
            var answer = await Api.PostAsync("kata_migrate", new JsonObject { ["id"] = id });
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal($"kata {(id is null ? "null" : id.ToJsonString().Trim('"'))} does not exist", answer.Exception);
            var group = await Api.PostAsync("group_migrate", new JsonObject { ["id"] = id?.DeepClone() });
            Assert.Equal(HttpStatusCode.BadRequest, group.Status);
            Assert.Equal($"group {(id is null ? "null" : id.ToJsonString().Trim('"'))} does not exist", group.Exception);
        }
        var missing = await Api.PostAsync("kata_migrate", new JsonObject());
        Assert.Equal(HttpStatusCode.InternalServerError, missing.Status);
        Assert.Equal("missing keyword: :id", missing.Exception);
        var extra = await Api.PostAsync("group_migrate", new JsonObject { ["id"] = "FxWwrr", ["force"] = true });
        Assert.Equal(HttpStatusCode.InternalServerError, extra.Status);
        Assert.Equal("unknown keyword: :force", extra.Exception);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("kata_migrate", new JsonObject { ["id"] = "5rTJv5" })).Status);
        Assert.Empty(await BlobNamesAsync());
    }

    [Fact]
    public async Task A_kata_that_cannot_be_read_whole_is_not_migrated_and_says_why()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        var prefix = KataLayout.Prefix(EntityId.Parse("k5ZTk0"));
        await App.Blobs.DeleteAsync(prefix + "2/event.json");
        var events = await EventsAsync("k5ZTk0");

        var answer = await Api.PostAsync("kata_migrate", new JsonObject { ["id"] = "k5ZTk0" });

        Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        Assert.Equal("kata k5ZTk0 has no 2/event.json", answer.Exception);
        Assert.Null(await RepositoryAsync("k5ZTk0"));
        AssertJsonEqual(events, await EventsAsync("k5ZTk0"));
        Assert.Equal(0, (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = "k5ZTk0" }))!["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_event_that_would_read_back_differently_stops_the_migration()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        // A format 1 event file whose colour disagrees with its events.json entry: kata_event
        // shows the file's, format 2 would show the entry's, so the migration is refused.
        var blob = KataLayout.BlobName(EntityId.Parse("38w9NC"), "1.event.json");
        var stored = JsonNode.Parse((await App.Blobs.GetAsync(blob))!.Content.Span)!.AsObject();
        stored["colour"] = "amber";
        await App.Blobs.PutAsync(blob, Encoding.UTF8.GetBytes(stored.ToJsonString()));

        var answer = await Api.PostAsync("kata_migrate", new JsonObject { ["id"] = "38w9NC" });

        Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        Assert.Equal("kata 38w9NC cannot be migrated: event 1 would not read back the same (colour would differ)", answer.Exception);
        Assert.Null(await RepositoryAsync("38w9NC"));
    }

    [Fact]
    public async Task Two_migrations_at_once_store_one_repository()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        await using var second = StartApp(new Dictionary<string, string?>());
        foreach (var (id, version) in OldKatas)
        {
            var answers = await Task.WhenAll(
                Api.WriteAsync("kata_migrate", new JsonObject { ["id"] = id }),
                second.Client.WriteAsync("kata_migrate", new JsonObject { ["id"] = id }),
                Api.WriteAsync("kata_migrate", new JsonObject { ["id"] = id }));

            Assert.Single(answers, a => a!["migrated"]!.GetValue<bool>());
            Assert.All(answers, a => Assert.Contains(a!["version"]!.GetValue<int>(), new[] { version, 2 }));
            using var kata = await UnpackedKata.UnpackAsync(App.Blobs, id);
            kata.Git("fsck", "--strict", "--no-dangling");
            Assert.Equal((await EventsAsync(id)).Count, kata.Log().Length);
        }
    }
}
