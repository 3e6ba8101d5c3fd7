using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Storage.Clusters;
using Saver.Storage.Ids;
using Saver.Storage.Json;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

// group_fork, clusters and id_chain (docs/api.md §3.2, §3.3; §8 checks 38 and 42).
public abstract partial class GroupApiTests
{
    [Fact]
    public async Task A_forked_group_has_the_katas_manifest_and_its_files_at_the_index()
    {
        var kata = (await Api.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        var edited = TennisFiles();
        edited["tennis.py"] += "# scored\n";
        await Api.WriteAsync("kata_ran_tests", RanTests(kata, edited, "red", LaptopA, 1));
        await Api.WriteAsync("kata_ran_tests", RanTests(kata, edited, "green", LaptopA, 2));

        var id = (await Api.WriteAsync("group_fork", new JsonObject { ["id"] = kata, ["index"] = 1 }))!.GetValue<string>();
        Assert.NotEqual(kata, id);
        Assert.True((await Api.ReadAsync("group_exists?", new JsonObject { ["id"] = id }))!.GetValue<bool>());

        var group = await GroupManifestAsync(id);
        var files = (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = kata, ["index"] = 1 }))!["files"];
        AssertSameJson(files, group["visible_files"]);
        Assert.Equal(edited["tennis.py"], group["visible_files"]!["tennis.py"]!["content"]!.GetValue<string>());
        var expected = (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = kata }))!.AsObject();
        Assert.Equal(2, group["version"]!.GetValue<int>());
        Assert.Equal(id, group["id"]!.GetValue<string>());
        foreach (var key in new[] { "id", "created", "version" })
        {
            expected.Remove(key);
            group.Remove(key);
        }
        group.Remove("visible_files");
        AssertSameJson(expected, group);
    }

    [Fact]
    public async Task A_group_forked_from_a_member_is_in_no_group_and_has_the_default_options()
    {
        var source = await CreateGroupAsync();
        var kata = (await JoinAsync(source, 5))!;
        await Api.WriteAsync("kata_option_set", new JsonObject { ["id"] = kata, ["name"] = "theme", ["value"] = "dark" });
        await Api.WriteAsync("kata_option_set", new JsonObject { ["id"] = kata, ["name"] = "revert_red", ["value"] = "on" });

        var id = (await Api.WriteAsync("group_fork", new JsonObject { ["id"] = kata, ["index"] = -1 }))!.GetValue<string>();
        var group = await GroupManifestAsync(id);
        Assert.False(group.ContainsKey("group_id"));
        Assert.False(group.ContainsKey("group_index"));
        for (var i = 0; i < OptionNames.Length; i++) Assert.Equal(OptionDefaults[i], group[OptionNames[i]]!.GetValue<string>());
        AssertSameJson(TennisManifest()["visible_files"], group["visible_files"]);
        // The fork is a group of its own: a new kata can join it.
        Assert.NotNull(await JoinAsync(id, 5));
    }

    [Fact]
    public async Task Forking_at_a_bad_index_gives_kata_events_error_and_creates_nothing()
    {
        var kata = (await Api.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        var before = await BlobNamesAsync("");
        foreach (var (index, message) in new[] { (1, "Invalid +ve index 1 [1 event]"), (-2, "Invalid -ve index -2 (=> -1) [1 event]") })
        {
            var answer = await Api.PostAsync("group_fork", new JsonObject { ["id"] = kata, ["index"] = index });
            Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
            Assert.Equal(message, answer.Exception);
        }
        Assert.Equal(before, await BlobNamesAsync(""));
    }

    [Fact]
    public async Task A_cluster_makes_its_groups_in_order_and_chains_its_members_katas()
    {
        var first = TennisManifest();
        var second = TennisManifest();
        second["exercise"] = "Fizz Buzz";
        second["theme"] = "dark";
        var id = (await Api.WriteAsync("cluster_create", new JsonObject { ["manifests"] = new JsonArray(first.DeepClone(), second.DeepClone()) }))!
            .GetValue<string>();
        Assert.True((await Api.ReadAsync("cluster_exists?", new JsonObject { ["id"] = id }))!.GetValue<bool>());
        Assert.False((await Api.ReadAsync("group_exists?", new JsonObject { ["id"] = id }))!.GetValue<bool>());

        var cluster = Assert.IsType<JsonObject>(await Api.ReadAsync("cluster_manifest", new JsonObject { ["id"] = id }));
        Assert.Equal(["id", "created", "groups"], cluster.Select(p => p.Key));
        Assert.Equal(id, cluster["id"]!.GetValue<string>());
        Assert.Equal(7, cluster["created"]!.AsArray().Count);
        var groups = cluster["groups"]!.AsObject().ToList();
        Assert.Equal(2, groups.Count);
        // Each group is kept under its id as sent; the groups themselves carry cluster_id.
        AssertSameJson(first, groups[0].Value);
        AssertSameJson(second, groups[1].Value);
        var blob = await App.Blobs.GetAsync(ClusterLayout.ManifestBlobName(EntityId.Parse(id)));
        Assert.Equal(SaverJson.Compact(cluster), Encoding.UTF8.GetString(blob!.Content.Span));
        foreach (var (groupId, sent) in new[] { (groups[0].Key, first), (groups[1].Key, second) })
        {
            var group = await GroupManifestAsync(groupId);
            Assert.Equal(id, group["cluster_id"]!.GetValue<string>());
            Assert.Equal(sent["exercise"]!.GetValue<string>(), group["exercise"]!.GetValue<string>());
            Assert.Equal("light", group["theme"]!.GetValue<string>());
        }

        var kata = (await JoinAsync(groups[0].Key, 0))!;
        var kataManifest = (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = kata }))!;
        Assert.Equal(id, kataManifest["cluster_id"]!.GetValue<string>());
        AssertSameJson(Chain(("kata", kata), ("group", groups[0].Key), ("cluster", id)),
            await Api.ReadAsync("id_chain", new JsonObject { ["id"] = kata }));
        AssertSameJson(Chain(("group", groups[1].Key), ("cluster", id)),
            await Api.ReadAsync("id_chain", new JsonObject { ["id"] = groups[1].Key }));
        AssertSameJson(Chain(("cluster", id)), await Api.ReadAsync("id_chain", new JsonObject { ["id"] = id }));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(6)]
    public async Task A_cluster_of_other_than_2_to_5_groups_is_400_and_creates_nothing(int size)
    {
        var manifests = new JsonArray(Enumerable.Range(0, size).Select(_ => (JsonNode)TennisManifest()).ToArray());
        var answer = await Api.PostAsync("cluster_create", new JsonObject { ["manifests"] = manifests });
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal($"ltfs.size:{size}: (a cluster offers 2..5 LTFs)", answer.Exception);
        Assert.Empty(await BlobNamesAsync(""));
    }

    [Fact]
    public async Task A_cluster_of_5_is_made_but_one_bad_manifest_refuses_the_whole_cluster()
    {
        var five = new JsonArray(Enumerable.Range(0, 5).Select(_ => (JsonNode)TennisManifest()).ToArray());
        var id = (await Api.WriteAsync("cluster_create", new JsonObject { ["manifests"] = five }))!.GetValue<string>();
        Assert.Equal(5, (await Api.ReadAsync("cluster_manifest", new JsonObject { ["id"] = id }))!["groups"]!.AsObject().Count);
        var before = await BlobNamesAsync("");

        var oldVersion = TennisManifest();
        oldVersion["version"] = 1;
        var refused = await Api.PostAsync("cluster_create", new JsonObject { ["manifests"] = new JsonArray(TennisManifest(), oldVersion) });
        Assert.Equal((HttpStatusCode)505, refused.Status);
        Assert.Equal("Group_v1: write not supported", refused.Exception);
        var notObject = await Api.PostAsync("cluster_create", new JsonObject { ["manifests"] = new JsonArray(TennisManifest(), "Tennis") });
        Assert.Equal(HttpStatusCode.InternalServerError, notObject.Status);
        Assert.Equal("manifests[1] must be an object, not an instance of String", notObject.Exception);
        var notArray = await Api.PostAsync("cluster_create", new JsonObject { ["manifests"] = new JsonObject() });
        Assert.Equal(HttpStatusCode.InternalServerError, notArray.Status);
        Assert.Equal(before, await BlobNamesAsync(""));
    }

    [Fact]
    public async Task The_chain_of_a_lone_kata_or_a_lone_group_is_itself()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        var kata = (await Api.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        AssertSameJson(Chain(("kata", kata)), await Api.ReadAsync("id_chain", new JsonObject { ["id"] = kata }));
        var group = await CreateGroupAsync();
        AssertSameJson(Chain(("group", group)), await Api.ReadAsync("id_chain", new JsonObject { ["id"] = group }));
        AssertSameJson(Chain(("group", "FxWwrr")), await Api.ReadAsync("id_chain", new JsonObject { ["id"] = "FxWwrr" }));
        var member = (await JoinAsync(group, 1))!;
        AssertSameJson(Chain(("kata", member), ("group", group)), await Api.ReadAsync("id_chain", new JsonObject { ["id"] = member }));
        var malformed = await Api.SendAsync(HttpMethod.Get, "id_chain", new JsonObject { ["id"] = 42 });
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal("id 42 does not exist", malformed.Exception);
    }

    [Fact]
    public async Task The_chain_of_a_format_0_kata_goes_up_to_its_group()
    {
        // Needs format 0 katas served by KataService (the legacy-katas branch).
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        AssertSameJson(Chain(("kata", "k5ZTk0"), ("group", "chy6BJ")), await Api.ReadAsync("id_chain", new JsonObject { ["id"] = "k5ZTk0" }));
        AssertSameJson(Chain(("kata", "5U2J18"), ("group", "REf1t8")), await Api.ReadAsync("id_chain", new JsonObject { ["id"] = "5U2J18" }));
    }

    private static JsonArray Chain(params (string Type, string Id)[] links) =>
        new(links.Select(l => (JsonNode)new JsonObject { ["type"] = l.Type, ["id"] = l.Id }).ToArray());
}
