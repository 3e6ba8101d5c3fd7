using System.Net;
using System.Text.Json.Nodes;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>kata_fork through real HTTP (docs/api.md §3.4, §8 check 37).</summary>
public abstract class ForkApiTests(StoreUnderTest store) : OneAppPerTest(store)
{
    private static readonly string[] OptionNames = ["theme", "colour", "predict", "revert_red", "revert_amber", "revert_green"];

    private async Task<string> ForkAsync(string id, JsonNode? index) =>
        (await Api.WriteAsync("kata_fork", new JsonObject { ["id"] = id, ["index"] = index }))!.GetValue<string>();

    private async Task<JsonObject> ManifestAsync(string id) =>
        (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = id }))!.AsObject();

    /// <summary>A manifest without the keys a fork does not share with its source.</summary>
    private static JsonObject Shared(JsonObject manifest, params string[] alsoDrop)
    {
        var shared = (JsonObject)manifest.DeepClone();
        foreach (var key in new[] { "id", "created", "version", "group_id", "group_index" }.Concat(alsoDrop)) shared.Remove(key);
        return shared;
    }

    /// <summary>
    /// A Tennis kata as group_join could have made it (group keys in its manifest) with events
    /// 1 red, 2 file_edit (tennis.py edited, notes.txt new) and 3 file_create (wibble.txt).
    /// </summary>
    private async Task<(string Id, Dictionary<string, string> LastFiles)> CreateGroupMemberWithEventsAsync()
    {
        var manifest = TennisManifest();
        manifest["group_id"] = "FxWwrr";
        manifest["group_index"] = 32;
        var id = await CreateKataAsync(manifest);
        await RunAsync(id, TennisFiles(), 1);
        var files = TennisFiles();
        files["tennis.py"] += "# forty love\n";
        files["notes.txt"] = "deuce\n";
        var create = FileWrite(id, files, LaptopA, 2);
        create["filename"] = "wibble.txt";
        await Api.WriteAsync("kata_file_create", create);
        files["wibble.txt"] = "";
        return (id, files);
    }

    [Fact]
    public async Task Check_37_a_fork_at_the_last_index_is_a_new_version_2_kata_with_the_same_manifest_and_files_and_no_group()
    {
        var (source, lastFiles) = await CreateGroupMemberWithEventsAsync();
        var last = (await EventsAsync(source)).Count - 1;
        Assert.Equal(3, last);

        foreach (var index in new JsonNode[] { last, -1, $"{last}" })
        {
            var fork = await ForkAsync(source, index);

            Assert.NotEqual(source, fork);
            Assert.True((await Api.ReadAsync("kata_exists?", new JsonObject { ["id"] = fork }))!.GetValue<bool>());
            var forkManifest = await ManifestAsync(fork);
            Assert.Equal(2, forkManifest["version"]!.GetValue<int>());
            Assert.Equal(fork, forkManifest["id"]!.GetValue<string>());
            Assert.False(forkManifest.ContainsKey("group_id"));
            Assert.False(forkManifest.ContainsKey("group_index"));
            AssertJsonEqual(Shared(await ManifestAsync(source)), Shared(forkManifest));

            var events = await EventsAsync(fork);
            Assert.Equal("created", Assert.Single(events)!["event"]!.GetValue<string>());
            AssertJsonEqual(FilesJson(lastFiles), await FilesAtAsync(fork, 0));
        }
    }

    [Fact]
    public async Task A_fork_at_an_earlier_index_has_that_events_files()
    {
        var (source, _) = await CreateGroupMemberWithEventsAsync();

        var fork = await ForkAsync(source, 1);

        AssertJsonEqual(FilesJson(TennisFiles()), await FilesAtAsync(fork, 0));
        AssertJsonEqual(await FilesAtAsync(source, 1), await FilesAtAsync(fork, 0));
    }

    [Fact]
    public async Task A_forks_options_are_the_defaults_whatever_its_sources_are()
    {
        var source = await CreateKataAsync(TennisManifest());
        foreach (var (name, value) in new[] { ("theme", "dark"), ("predict", "on"), ("revert_red", "on") })
            await Api.WriteAsync("kata_option_set", new JsonObject { ["id"] = source, ["name"] = name, ["value"] = value });

        var fork = await ForkAsync(source, 0);

        var forkManifest = await ManifestAsync(fork);
        string[] defaults = ["light", "on", "off", "off", "off", "off"];
        Assert.Equal(defaults, OptionNames.Select(name => forkManifest[name]!.GetValue<string>()));
        foreach (var (name, value) in OptionNames.Zip(defaults))
            Assert.Equal(value, (await Api.ReadAsync("kata_option_get", new JsonObject { ["id"] = fork, ["name"] = name }))!.GetValue<string>());
        Assert.Equal("dark", (await ManifestAsync(source))["theme"]!.GetValue<string>());
        AssertJsonEqual(Shared(await ManifestAsync(source), OptionNames), Shared(forkManifest, OptionNames));
    }

    [Fact]
    public async Task A_fork_of_a_custom_exercise_keeps_its_manifest_and_its_custom_exercise_readme()
    {
        var manifest = TennisManifest();
        manifest.Remove("exercise");
        manifest["display_name"] = "Bash, bats";
        var source = await CreateKataAsync(manifest);

        var fork = await ForkAsync(source, 0);

        var forkManifest = await ManifestAsync(fork);
        Assert.Equal("", forkManifest["exercise"]!.GetValue<string>());
        AssertJsonEqual(Shared(await ManifestAsync(source)), Shared(forkManifest));
        var readme = await DownloadApiTests.ReadmeOfDownloadAsync(Api, fork);
        Assert.StartsWith($"# This a copy of [your cyber-dojo exercise](https://cyber-dojo.org/kata/edit/{fork}):\n- Custom exercise: `Bash, bats`\n", readme);
    }

    [Fact]
    public async Task Check_37_an_unknown_kata_is_400_and_an_index_past_either_end_is_kata_events_500_and_nothing_is_made()
    {
        var (source, _) = await CreateGroupMemberWithEventsAsync();
        var blobs = await BlobNamesAsync();

        foreach (var unknown in new JsonNode?[] { "123AbZ", "12345", 42, null })
        {
            var answer = await Api.PostAsync("kata_fork", new JsonObject { ["id"] = unknown, ["index"] = 0 });
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Matches("^kata .* does not exist$", answer.Exception);
        }
        foreach (var (index, message) in new (JsonNode, string)[]
                 {
                     (4, "Invalid +ve index 4 [4 events]"),
                     (-5, "Invalid -ve index -5 (=> -1) [4 events]"),
                 })
        {
            var answer = await Api.PostAsync("kata_fork", new JsonObject { ["id"] = source, ["index"] = index });
            Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
            Assert.Equal(message, answer.Exception);
        }
        var missing = await Api.PostAsync("kata_fork", new JsonObject { ["id"] = source });
        Assert.Equal("missing keyword: :index", missing.Exception);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync("kata_fork", new JsonObject { ["id"] = source, ["index"] = 0 })).Status);

        Assert.Equal(blobs, await BlobNamesAsync());
    }

    [Fact]
    public async Task A_fork_of_a_format_0_kata_is_a_version_2_kata_with_its_manifest_and_files()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);

        var fork = await ForkAsync("5rTJv5", 3);

        var forkManifest = await ManifestAsync(fork);
        Assert.Equal(2, forkManifest["version"]!.GetValue<int>());
        Assert.False(forkManifest.ContainsKey("visible_files"));
        AssertJsonEqual(Shared(await ManifestAsync("5rTJv5"), "visible_files"), Shared(forkManifest));
        AssertJsonEqual(await FilesAtAsync("5rTJv5", 3), await FilesAtAsync(fork, 0));
    }

    [Fact]
    public async Task A_fork_of_a_format_1_kata_is_a_version_2_kata_with_its_files()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);

        var fork = await ForkAsync("5U2J18", -1);

        Assert.Equal(2, (await ManifestAsync(fork))["version"]!.GetValue<int>());
        AssertJsonEqual(Shared(await ManifestAsync("5U2J18"), "visible_files"), Shared(await ManifestAsync(fork)));
        AssertJsonEqual(await FilesAtAsync("5U2J18", 3), await FilesAtAsync(fork, 0));
    }
}
