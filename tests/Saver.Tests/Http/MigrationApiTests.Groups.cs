using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Git;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Http;

public abstract partial class MigrationApiTests
{
    private async Task<JsonObject> MigrateGroupAsync(string id) =>
        (await Api.WriteAsync("group_migrate", new JsonObject { ["id"] = id }))!.AsObject();

    private async Task<JsonObject> GroupManifestAsync(string id) =>
        (await Api.ReadAsync("group_manifest", new JsonObject { ["id"] = id }))!.AsObject();

    private async Task<JsonObject> JoinedAsync(string id) =>
        (await Api.ReadAsync("group_joined", new JsonObject { ["id"] = id }))!.AsObject();

    private async Task<string?> BlobTextAsync(string name) =>
        await App.Blobs.GetAsync(name) is { } blob ? Encoding.UTF8.GetString(blob.Content.Span) : null;

    /// <summary>group_joined after a migration: as before, with entry 0 of each member carrying colour "create" as format 2's do (docs/api.md §3.3).</summary>
    private static JsonObject JoinedAsFormat2(JsonObject before)
    {
        var expected = (JsonObject)before.DeepClone();
        foreach (var (_, member) in expected)
        {
            var first = member!["events"]![0]!.AsObject();
            Assert.False(first.ContainsKey("colour"));
            Assert.False(first.ContainsKey("diff_added_count"));
            first["colour"] = "create";
            first["diff_added_count"] = 0;
            first["diff_deleted_count"] = 0;
        }
        return expected;
    }

    [Fact]
    public async Task Every_old_group_of_the_fixtures_becomes_format_2_with_its_katas_and_answers_the_same()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        foreach (var (id, version, members) in OldGroups)
        {
            var groupId = EntityId.Parse(id);
            var manifestBefore = await GroupManifestAsync(id);
            var joinedBefore = await JoinedAsync(id);
            var storedBefore = await BlobTextAsync(GroupLayout.ManifestBlobName(groupId));
            Assert.Equal(version, manifestBefore["version"]!.GetValue<int>());

            var result = await MigrateGroupAsync(id);

            var katas = string.Join(",", members.Select(m => $$"""
                "{{m.Index}}":{"id":"{{m.Kata}}","version":{{version}},"migrated":true}
                """.Trim()));
            AssertJson($$$"""{"id":"{{{id}}}","version":{{{version}}},"migrated":true,"katas":{{{{katas}}}}}""", result);
            var manifestAfter = await GroupManifestAsync(id);
            manifestBefore["version"] = 2;
            AssertJsonEqual(manifestBefore, manifestAfter);
            AssertJsonEqual(JoinedAsFormat2(joinedBefore), await JoinedAsync(id));

            // Stored as format 2 (docs/storage-layout.md), the original manifest kept beside it.
            var stored = await BlobTextAsync(GroupLayout.ManifestBlobName(groupId));
            Assert.DoesNotContain("\n", stored!, StringComparison.Ordinal);
            var storedJson = JsonNode.Parse(stored!)!.AsObject();
            Assert.Equal(2, storedJson["version"]!.GetValue<int>());
            Assert.All(storedJson["visible_files"]!.AsObject(), f => f.Value!["content"]!.GetValue<string>());
            Assert.Equal(storedBefore, await BlobTextAsync(GroupLayout.Prefix(groupId) + $"manifest.v{version}.json"));
            Assert.Equal(string.Concat(members.Select(m => $"{m.Kata} {m.Index}\n")), await BlobTextAsync(GroupLayout.KatasBlobName(groupId)));
            foreach (var (index, kata) in members)
            {
                Assert.Equal(0, (await App.Blobs.GetPropertiesAsync(GroupLayout.ClaimBlobName(groupId, index)))!.Length);
                // A member keeps its logs under its group, as one that joined after it would.
                var head = await App.Blobs.GetAsync(StoredRepository.HeadOf(EntityId.Parse(kata)));
                Assert.StartsWith($"{KataLayout.MemberLogsPrefix(groupId)}{kata}/log.", HeadPointer.Decode(head!.Content.Span).Log, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task A_migrated_group_can_be_joined_and_its_katas_written_to()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        var refused = await Api.PostAsync("group_join", new JsonObject { ["id"] = "FxWwrr", ["indexes"] = new JsonArray(32, 5) });
        Assert.Equal(HttpStatusCode.HttpVersionNotSupported, refused.Status);
        Assert.Equal("Group_v0: write not supported", refused.Exception);

        await MigrateGroupAsync("FxWwrr");

        var joiner = (await Api.WriteAsync("group_join", new JsonObject { ["id"] = "FxWwrr", ["indexes"] = new JsonArray(32, 5) }))!.GetValue<string>();
        var joined = await JoinedAsync("FxWwrr");
        Assert.Equal(["5", "32"], joined.Select(p => p.Key));
        Assert.Equal(joiner, joined["5"]!["id"]!.GetValue<string>());
        var manifest = (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = joiner }))!.AsObject();
        Assert.Equal("FxWwrr", manifest["group_id"]!.GetValue<string>());
        Assert.Equal(5, manifest["group_index"]!.GetValue<int>());
        Assert.Equal("ISBN", manifest["exercise"]!.GetValue<string>());
        // The new kata starts from the group's files, which format 0 kept as arrays of lines.
        Assert.Equal("\ndef answer\n  6 * 9\nend\n", (await FilesAtAsync(joiner, 0))["hiker.rb"]!["content"]!.GetValue<string>());

        var files = (await FilesAtAsync("5rTJv5", -1)).AsObject().ToDictionary(f => f.Key, f => f.Value!["content"]!.GetValue<string>());
        await RunAsync("5rTJv5", files, tabSeq: 1);
        Assert.Equal(5, (await EventsAsync("5rTJv5")).Count);
    }

    [Fact]
    public async Task Migrating_a_group_again_or_a_format_2_group_changes_nothing()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        await MigrateGroupAsync("REf1t8");
        var blobs = new List<(string, ETag)>();
        await foreach (var blob in App.Blobs.ListAsync("")) blobs.Add((blob.Name, blob.ETag));

        AssertJson("""{"id":"REf1t8","version":2,"migrated":false,"katas":{}}""", await MigrateGroupAsync("REf1t8"));
        var created = (await Api.WriteAsync("group_create", new JsonObject { ["manifest"] = TennisGroupManifest() }))!.GetValue<string>();
        AssertJson($$$"""{"id":"{{{created}}}","version":2,"migrated":false,"katas":{}}""", await MigrateGroupAsync(created));

        var after = new List<(string, ETag)>();
        await foreach (var blob in App.Blobs.ListAsync("")) if (!blob.Name.StartsWith(GroupLayout.Prefix(EntityId.Parse(created)), StringComparison.Ordinal)) after.Add((blob.Name, blob.ETag));
        Assert.Equal(blobs, after);
    }

    private static JsonObject TennisGroupManifest() => Infrastructure.Katas.TennisManifest();

    [Fact]
    public async Task A_group_whose_kata_cannot_be_migrated_stays_as_it_was()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        await App.Blobs.DeleteAsync(KataLayout.BlobName(EntityId.Parse("38w9NC"), "events.json"));
        var manifest = await App.Blobs.GetPropertiesAsync(GroupLayout.ManifestBlobName(EntityId.Parse("LyQpFr")));

        var answer = await Api.PostAsync("group_migrate", new JsonObject { ["id"] = "LyQpFr" });

        Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        Assert.Equal("group LyQpFr cannot be migrated: its kata 38w9NC (avatar 27): kata 38w9NC has no events.json", answer.Exception);
        Assert.Equal(manifest!.ETag, (await App.Blobs.GetPropertiesAsync(GroupLayout.ManifestBlobName(EntityId.Parse("LyQpFr"))))!.ETag);
        Assert.Equal(1, (await GroupManifestAsync("LyQpFr"))["version"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.HttpVersionNotSupported, (await Api.PostAsync("group_join", new JsonObject { ["id"] = "LyQpFr" })).Status);
    }

    [Fact]
    public async Task An_almost_full_format_1_group_migrated_takes_its_last_member()
    {
        await GroupArchives.LoadOldFormatAsync(App.Blobs, GroupArchives.Format1);
        var joinedBefore = await JoinedAsync("X9UunP");
        Assert.Equal(63, joinedBefore.Count);

        var result = await MigrateGroupAsync("X9UunP");

        Assert.True(result["migrated"]!.GetValue<bool>());
        Assert.Equal(63, result["katas"]!.AsObject().Count(k => k.Value!["migrated"]!.GetValue<bool>()));
        AssertJsonEqual(JoinedAsFormat2(joinedBefore), await JoinedAsync("X9UunP"));
        var last = (await Api.WriteAsync("group_join", new JsonObject { ["id"] = "X9UunP" }))!.GetValue<string>();
        var joined = await JoinedAsync("X9UunP");
        Assert.Equal(64, joined.Count);
        Assert.Equal(last, joined["38"]!["id"]!.GetValue<string>());
        Assert.Null(await Api.WriteAsync("group_join", new JsonObject { ["id"] = "X9UunP" }));
    }
}
