using System.Net;
using System.Text.Json.Nodes;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>Saver:MigrateOnWrite: a write to an old-format kata, or a join of an old-format group, migrates it first instead of answering 505.</summary>
public abstract partial class MigrationApiTests
{
    private SaverApp StartMigratingOnWrite() => StartApp(new Dictionary<string, string?> { ["Saver:MigrateOnWrite"] = "true" });

    private static async Task<Dictionary<string, string>> LastFilesAsync(SaverClient client, string id) =>
        (await client.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = -1 }))!["files"]!.AsObject()
        .ToDictionary(f => f.Key, f => f.Value!["content"]!.GetValue<string>());

    [Fact]
    public async Task Sp4DkA_without_MigrateOnWrite_a_write_to_an_old_kata_is_still_505_and_changes_nothing()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        var files = await LastFilesAsync(Api, "k5ZTk0");

        var answer = await Api.PostAsync("kata_ran_tests", RanTests("k5ZTk0", files, "red", LaptopA, 1));

        Assert.Equal(HttpStatusCode.HttpVersionNotSupported, answer.Status);
        Assert.Equal("Kata_v0: write not supported", answer.Exception);
        Assert.Null(await RepositoryAsync("k5ZTk0"));
    }

    [Fact]
    public async Task With_MigrateOnWrite_a_run_on_k5ZTk0_migrates_it_and_appends_event_4()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        await using var migrating = StartMigratingOnWrite();
        var before = await EventsAsync("k5ZTk0");
        var files = await LastFilesAsync(Api, "k5ZTk0");

        Assert.Null(await migrating.Client.WriteAsync("kata_ran_tests", RanTests("k5ZTk0", files, "red", LaptopA, 1, stdout: "so\n")));

        var events = await EventsAsync("k5ZTk0");
        Assert.Equal(5, events.Count);
        AssertJsonEqual(AsFormat2(before), new JsonArray([.. events.Take(4).Select(e => e!.DeepClone())]));
        var added = events[4]!.AsObject();
        Assert.Equal(4, added["index"]!.GetValue<int>());
        Assert.Equal("red", added["colour"]!.GetValue<string>());
        Assert.Equal(LaptopA, added["laptop_id"]!.GetValue<string>());
        Assert.Equal(1, added["tab_seq"]!.GetValue<int>());
        Assert.Equal(0, added["diff_added_count"]!.GetValue<int>());
        Assert.Equal(4, added["major_index"]!.GetValue<int>());
        Assert.Equal("so\n", (await EventAsync("k5ZTk0", 4))["stdout"]!["content"]!.GetValue<string>());
        using var kata = await UnpackedKata.UnpackAsync(App.Blobs, "k5ZTk0");
        Assert.Equal(["4 ran tests, no prediction, got red", "3 ran tests, no prediction, got green"], kata.Log().Take(2));
        Assert.Equal([0, 1, 2, 3, 4], kata.Tags());
        // The app without the setting serves the migrated kata, and takes its writes now.
        await RunAsync("k5ZTk0", files, tabSeq: 2, colour: "green");
        Assert.Equal(6, (await EventsAsync("k5ZTk0")).Count);
    }

    [Fact]
    public async Task With_MigrateOnWrite_file_writes_and_option_sets_migrate_old_katas_too()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        await using var migrating = StartMigratingOnWrite();
        var files = await LastFilesAsync(Api, "H8NAvN");

        var create = FileWrite("H8NAvN", files, LaptopA, 1);
        create["filename"] = "notes.txt";
        await migrating.Client.WriteAsync("kata_file_create", create);
        Assert.Equal("", (await migrating.Client.WriteAsync("kata_option_set",
            new JsonObject { ["id"] = "5U2J18", ["name"] = "theme", ["value"] = "dark" }))!.GetValue<string>());

        var events = await EventsAsync("H8NAvN");
        Assert.Equal(["create", "red", "file_create"], events.Select(e => e!["colour"]!.GetValue<string>()));
        Assert.Equal("", (await FilesAtAsync("H8NAvN", 2))["notes.txt"]!["content"]!.GetValue<string>());
        Assert.Equal("dark", (await Api.ReadAsync("kata_option_get", new JsonObject { ["id"] = "5U2J18", ["name"] = "theme" }))!.GetValue<string>());
        Assert.Equal(4, (await EventsAsync("5U2J18")).Count);
    }

    [Fact]
    public async Task With_MigrateOnWrite_a_write_to_a_kata_that_cannot_be_migrated_says_why_and_stores_nothing()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        await App.Blobs.DeleteAsync(KataLayout.BlobName(EntityId.Parse("5rTJv5"), "3/event.json"));
        await using var migrating = StartMigratingOnWrite();

        var answer = await migrating.Client.PostAsync("kata_ran_tests", RanTests("5rTJv5", TennisFiles(), "red", LaptopA, 1));

        Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        Assert.Equal("kata 5rTJv5 has no 3/event.json", answer.Exception);
        Assert.Null(await RepositoryAsync("5rTJv5"));
        var unknown = await migrating.Client.PostAsync("kata_ran_tests", RanTests("123AbZ", TennisFiles(), "red", LaptopA, 1));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("kata 123AbZ does not exist", unknown.Exception);
    }

    [Fact]
    public async Task With_MigrateOnWrite_joining_an_almost_full_format_0_group_migrates_it_and_its_katas()
    {
        await GroupArchives.LoadOldFormatAsync(App.Blobs, GroupArchives.Format0);
        await using var migrating = StartMigratingOnWrite();
        var joinedBefore = await JoinedAsync("AWCQdE");
        Assert.Equal(63, joinedBefore.Count);
        Assert.False(joinedBefore.ContainsKey("23"));

        var joiner = (await migrating.Client.WriteAsync("group_join", new JsonObject { ["id"] = "AWCQdE" }))!.GetValue<string>();

        var joined = await JoinedAsync("AWCQdE");
        Assert.Equal(64, joined.Count);
        Assert.Equal(joiner, joined["23"]!["id"]!.GetValue<string>());
        joined.Remove("23");
        AssertJsonEqual(JoinedAsFormat2(joinedBefore), joined);
        Assert.Equal(2, (await GroupManifestAsync("AWCQdE"))["version"]!.GetValue<int>());
        Assert.Equal(64, GitCli.Lines((await BlobTextAsync(GroupLayout.KatasBlobName(EntityId.Parse("AWCQdE"))))!).Length);
        foreach (var (_, member) in joined)
            Assert.NotNull(await RepositoryAsync(member!["id"]!.GetValue<string>()));
    }
}
