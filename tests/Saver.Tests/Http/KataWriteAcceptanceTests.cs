using System.Net;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// The acceptance checks of docs/api.md §8 on kata writes and the reads that judge them, each named
/// by the upstream test ids it stands for. Commit messages and tags are read with the git
/// command line from the stored repository.
/// </summary>
public abstract class KataWriteAcceptanceTests(StoreUnderTest store) : OneAppPerTest(store)
{
    private async Task<string> CreateTennisAsync() =>
        (await Api.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();

    private Task RunAsync(string id, IReadOnlyDictionary<string, string> files, string colour, int tabSeq,
        string? laptopId = LaptopA, object? status = null, JsonObject? summary = null) =>
        Api.WriteAsync("kata_ran_tests", RanTests(id, files, colour, laptopId, tabSeq, status: status, summary: summary));

    private Task FileCreateAsync(string id, IReadOnlyDictionary<string, string> files, string filename, int tabSeq) =>
        FileWriteAsync("kata_file_create", id, files, tabSeq, new() { ["filename"] = filename });

    private Task FileDeleteAsync(string id, IReadOnlyDictionary<string, string> files, string filename, int tabSeq) =>
        FileWriteAsync("kata_file_delete", id, files, tabSeq, new() { ["filename"] = filename });

    private Task FileRenameAsync(string id, IReadOnlyDictionary<string, string> files, string oldName, string newName, int tabSeq) =>
        FileWriteAsync("kata_file_rename", id, files, tabSeq, new() { ["old_filename"] = oldName, ["new_filename"] = newName });

    private Task FileEditAsync(string id, IReadOnlyDictionary<string, string> files, int tabSeq) =>
        FileWriteAsync("kata_file_edit", id, files, tabSeq, []);

    private async Task FileWriteAsync(string method, string id, IReadOnlyDictionary<string, string> files, int tabSeq,
        Dictionary<string, string> extra)
    {
        var arguments = FileWrite(id, files, LaptopA, tabSeq);
        foreach (var (key, value) in extra) arguments[key] = value;
        Assert.Null(await Api.WriteAsync(method, arguments));
    }

    private async Task<JsonObject> EventAsync(string id, int index) =>
        (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = index }))!.AsObject();

    private Task<UnpackedKata> UnpackAsync(string id) => UnpackedKata.UnpackAsync(App.Blobs, id);

    private static string[] MajorMinor(JsonArray events) =>
        events.Select(e => $"{e!["major_index"]}.{e["minor_index"]}").ToArray();

    private static (int Added, int Deleted) Counts(JsonNode? entry) =>
        (entry!["diff_added_count"]!.GetValue<int>(), entry["diff_deleted_count"]!.GetValue<int>());

    private static string Content(JsonObject kataEvent, string filename) =>
        kataEvent["files"]![filename]!["content"]!.GetValue<string>();

    [Fact]
    public async Task D9wds0_file_events_are_minor_indexes_after_the_light_before_them()
    {
        var id = await CreateTennisAsync();
        var files = TennisFiles();
        await FileCreateAsync(id, files, "wibble.txt", 1);
        files["wibble.txt"] = "";
        await RunAsync(id, files, "red", 2);
        files["wibble.txt"] = "Hello\n";
        await FileRenameAsync(id, files, "wibble.txt", "wobble.txt", 3);
        files.Remove("wibble.txt");
        files["wobble.txt"] = "Hello\n";
        await RunAsync(id, files, "amber", 4);
        await RunAsync(id, files, "green", 5);

        var events = await EventsAsync(id);
        Assert.Equal(["0.0", "0.1", "1.0", "1.1", "1.2", "2.0", "3.0"], MajorMinor(events));
        Assert.Equal(["create", "file_create", "red", "file_edit", "file_rename", "amber", "green"], events.Select(e => e!["colour"]!.GetValue<string>()));
        Assert.Equal((1, 0), Counts(events[3]));
        Assert.Equal([1, 2, 3, 3, 4, 5], events.Skip(1).Select(e => e!["tab_seq"]!.GetValue<int>()));
    }

    [Fact]
    public async Task LS51P4_katas_events_answers_each_kata_event_under_its_id_and_index()
    {
        var k1 = await CreateTennisAsync();
        await RunAsync(k1, TennisFiles(), "red", 1, status: 0, summary: new JsonObject { ["colour"] = "red" });
        var k2 = await CreateTennisAsync();
        await RunAsync(k2, TennisFiles(), "red", 2);
        await RunAsync(k2, TennisFiles(), "amber", 3);
        await RunAsync(k2, TennisFiles(), "red", 4, status: 137, summary: new JsonObject { ["colour"] = "red" });

        var result = await Api.ReadAsync("katas_events", new JsonObject { ["ids"] = new JsonArray(k1, k2), ["indexes"] = new JsonArray(1, 3) });
        JsonObject Expected(int index, string status, int tabSeq, JsonNode? time) => new()
        {
            ["index"] = index,
            ["files"] = FilesJson(TennisFiles()),
            ["colour"] = "red",
            ["time"] = time?.DeepClone(),
            ["stdout"] = Output(""),
            ["stderr"] = Output(""),
            ["status"] = status,
            ["diff_added_count"] = 0,
            ["diff_deleted_count"] = 0,
            ["laptop_id"] = LaptopA,
            ["tab_seq"] = tabSeq,
        };
        var expected = new JsonObject
        {
            [k1] = new JsonObject { ["1"] = Expected(1, "0", 1, (await EventsAsync(k1))[1]!["time"]) },
            [k2] = new JsonObject { ["3"] = Expected(3, "137", 4, (await EventsAsync(k2))[3]!["time"]) },
        };
        Assert.True(JsonNode.DeepEquals(expected, result), $"expected {expected.ToJsonString()}\nactual   {result!.ToJsonString()}");
    }

    [Fact]
    public async Task Sp4Dk1_Sp4Dk8_a_red_run_is_event_1_tagged_1_with_its_message()
    {
        var id = await CreateTennisAsync();
        await RunAsync(id, TennisFiles(), "red", 1);
        Assert.Equal(2, (await EventsAsync(id)).Count);
        using var git = await UnpackAsync(id);
        Assert.Equal("1 ran tests, no prediction, got red", git.Subject("1"));
        Assert.Equal([0, 1], git.Tags());
    }

    [Fact]
    public async Task B535E03_B1DE03_predictions_are_in_the_message()
    {
        var right = await CreateTennisAsync();
        Assert.Null(await Api.WriteAsync("kata_predicted_right", RanTests(right, TennisFiles(), "red", LaptopA, 1,
            summary: new JsonObject { ["colour"] = "red", ["predicted"] = "red", ["revert_if_wrong"] = false })));
        var wrong = await CreateTennisAsync();
        Assert.Null(await Api.WriteAsync("kata_predicted_wrong", RanTests(wrong, TennisFiles(), "red", LaptopA, 1,
            summary: new JsonObject { ["colour"] = "red", ["predicted"] = "green", ["revert_if_wrong"] = true })));

        using (var git = await UnpackAsync(right)) Assert.Equal("1 ran tests, predicted red, got red", git.Subject("1"));
        using (var git = await UnpackAsync(wrong)) Assert.Equal("1 ran tests, predicted green, got red", git.Subject("1"));
        Assert.Equal("green", (await EventsAsync(wrong))[1]!["predicted"]!.GetValue<string>());
    }

    [Fact]
    public async Task B67DDk6_67DDk7_a_revert_carries_its_target_in_the_event_the_entry_and_the_message()
    {
        var id = await CreateTennisAsync();
        await RunAsync(id, TennisFiles(), "red", 1);
        await RunAsync(id, TennisFiles(), "amber", 2);
        // What the browser holds after reverting differs from the latest event: a revert has no implicit edit.
        var reverting = TennisFiles();
        reverting["tennis.py"] = "# as at 1\n";
        Assert.Null(await Api.WriteAsync("kata_reverted", RanTests(id, reverting, "red", LaptopA, 3,
            summary: new JsonObject { ["colour"] = "red", ["revert"] = new JsonArray(id, 1) })));

        var events = await EventsAsync(id);
        Assert.Equal(["create", "red", "amber", "red"], events.Select(e => e!["colour"]!.GetValue<string>()));
        var revert = new JsonArray(id, 1);
        Assert.True(JsonNode.DeepEquals(revert, events[3]!["revert"]));
        var reverted = await EventAsync(id, 3);
        Assert.True(JsonNode.DeepEquals(revert, reverted["revert"]));
        Assert.True(JsonNode.DeepEquals(FilesJson(reverting), reverted["files"]));
        using var git = await UnpackAsync(id);
        Assert.Equal($"3 reverted to {{\"id\":\"{id}\",\"index\":1}}", git.Subject("3"));
    }

    [Fact]
    public async Task B77BDk7_a_checkout_names_what_it_checked_out()
    {
        var k1 = await CreateTennisAsync();
        await RunAsync(k1, TennisFiles(), "red", 1);
        var k2 = await CreateTennisAsync();
        var checkout = new JsonObject { ["id"] = k1, ["index"] = 1, ["avatarIndex"] = 17 };
        Assert.Null(await Api.WriteAsync("kata_checked_out", RanTests(k2, TennisFiles(), "red", LaptopA, 1,
            summary: new JsonObject { ["colour"] = "red", ["checkout"] = checkout.DeepClone() })));
        Assert.True(JsonNode.DeepEquals(checkout, (await EventsAsync(k2))[1]!["checkout"]));
        using var git = await UnpackAsync(k2);
        Assert.Equal($"1 checked out {{\"id\":\"{k1}\",\"index\":1,\"avatarIndex\":17}}", git.Subject("1"));
    }

    [Fact]
    public async Task DcAB01_a_created_file_is_empty()
    {
        var id = await CreateTennisAsync();
        await RunAsync(id, TennisFiles(), "red", 1);
        await FileCreateAsync(id, TennisFiles(), "wibble.txt", 2);
        var entry = (await EventsAsync(id))[2]!;
        Assert.Equal(("file_create", "wibble.txt"), (entry["colour"]!.GetValue<string>(), entry["filename"]!.GetValue<string>()));
        Assert.Equal("", Content(await EventAsync(id, 2), "wibble.txt"));
        using var git = await UnpackAsync(id);
        Assert.Equal("2 created file wibble.txt", git.Subject("2"));
    }

    [Fact]
    public async Task DcAB02_an_unsaved_edit_is_saved_before_the_file_is_created()
    {
        var id = await CreateTennisAsync();
        await RunAsync(id, TennisFiles(), "red", 1);
        var files = TennisFiles();
        files["readme.txt"] = "Edited.\n";
        await FileCreateAsync(id, files, "wibble.txt", 2);

        var events = await EventsAsync(id);
        Assert.Equal(4, events.Count);
        Assert.Equal(("file_edit", "readme.txt"), (events[2]!["colour"]!.GetValue<string>(), events[2]!["filename"]!.GetValue<string>()));
        Assert.Equal(("file_create", "wibble.txt"), (events[3]!["colour"]!.GetValue<string>(), events[3]!["filename"]!.GetValue<string>()));
        var edit = await EventAsync(id, 2);
        Assert.False(edit["files"]!.AsObject().ContainsKey("wibble.txt"));
        Assert.Equal("Edited.\n", Content(edit, "readme.txt"));
        Assert.Equal("", Content(await EventAsync(id, 3), "wibble.txt"));
        using var git = await UnpackAsync(id);
        Assert.Equal(["3 created file wibble.txt", "2 edited file readme.txt"], git.Log().Take(2));
    }

    [Fact]
    public async Task DcBC03_an_edit_then_a_delete_of_the_same_file()
    {
        var id = await CreateTennisAsync();
        var files = TennisFiles();
        files["readme.txt"] = "Edited.\n";
        await FileDeleteAsync(id, files, "readme.txt", 1);
        using var git = await UnpackAsync(id);
        Assert.Equal(["2 deleted file readme.txt", "1 edited file readme.txt", "0 kata creation"], git.Log());
        Assert.False((await EventAsync(id, 2))["files"]!.AsObject().ContainsKey("readme.txt"));
        Assert.Equal("Edited.\n", Content(await EventAsync(id, 1), "readme.txt"));
    }

    [Fact]
    public async Task DcDD01_a_rename_keeps_the_content()
    {
        var id = await CreateTennisAsync();
        await FileRenameAsync(id, TennisFiles(), "readme.txt", "readme.md", 1);
        var entry = (await EventsAsync(id))[1]!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"colour":"file_rename","old_filename":"readme.txt","new_filename":"readme.md"}"""),
            new JsonObject { ["colour"] = entry["colour"]!.DeepClone(), ["old_filename"] = entry["old_filename"]!.DeepClone(), ["new_filename"] = entry["new_filename"]!.DeepClone() }));
        var renamed = await EventAsync(id, 1);
        Assert.Equal(TennisFiles()["readme.txt"], Content(renamed, "readme.md"));
        Assert.False(renamed["files"]!.AsObject().ContainsKey("readme.txt"));
        using var git = await UnpackAsync(id);
        Assert.Equal("1 renamed file readme.txt to readme.md", git.Subject("1"));
    }

    [Fact]
    public async Task DcCE01_DcCE02_a_file_edit_is_saved_only_when_something_changed()
    {
        var id = await CreateTennisAsync();
        await FileEditAsync(id, TennisFiles(), 1);
        Assert.Single(await EventsAsync(id));
        using (var git = await UnpackAsync(id))
        {
            Assert.Equal(["0 kata creation"], git.Log());
            Assert.Equal("0 kata creation", git.Subject("0"));
        }

        var files = TennisFiles();
        files["readme.txt"] = "Edited.\n";
        await FileEditAsync(id, files, 2);
        Assert.Equal(2, (await EventsAsync(id)).Count);
        using (var git = await UnpackAsync(id)) Assert.Equal("1 edited file readme.txt", git.Subject("1"));
    }

    [Fact]
    public async Task Dace4A_a_file_missing_from_a_run_is_not_an_edit()
    {
        var id = await CreateTennisAsync();
        var files = TennisFiles();
        files.Remove("readme.txt");
        await RunAsync(id, files, "red", 1);
        var events = await EventsAsync(id);
        Assert.Equal(["create", "red"], events.Select(e => e!["colour"]!.GetValue<string>()));
        Assert.True(JsonNode.DeepEquals(FilesJson(files), (await EventAsync(id, 1))["files"]));
    }

    [Fact]
    public async Task Sp5E05_runs_after_file_events_start_new_major_indexes()
    {
        var id = await CreateTennisAsync();
        var files = TennisFiles();
        await FileCreateAsync(id, files, "a.txt", 1);
        files["a.txt"] = "";
        await FileCreateAsync(id, files, "b.txt", 2);
        files["b.txt"] = "";
        await FileRenameAsync(id, files, "a.txt", "c.txt", 3);
        files.Remove("a.txt");
        files["c.txt"] = "";
        files["readme.txt"] = "Edited.\n";
        await RunAsync(id, files, "red", 4);

        var events = await EventsAsync(id);
        Assert.Equal(6, events.Count);
        Assert.Equal("file_edit", events[4]!["colour"]!.GetValue<string>());
        Assert.Equal(("red", "1.0"), (events[5]!["colour"]!.GetValue<string>(), MajorMinor(events)[5]));

        await FileCreateAsync(id, files, "d.txt", 5);
        files["d.txt"] = "";
        await FileCreateAsync(id, files, "e.txt", 6);
        files["e.txt"] = "";
        await FileRenameAsync(id, files, "d.txt", "f.txt", 7);
        files.Remove("d.txt");
        files["f.txt"] = "";
        await RunAsync(id, files, "red", 8);

        events = await EventsAsync(id);
        Assert.Equal(10, events.Count);
        Assert.Equal(["0.0", "0.1", "0.2", "0.3", "0.4", "1.0", "1.1", "1.2", "1.3", "2.0"], MajorMinor(events));
        Assert.Equal("red", events[9]!["colour"]!.GetValue<string>());
    }

    [Fact]
    public async Task A6AE01_to_06_diff_counts_are_gits_line_totals()
    {
        var id = await CreateTennisAsync();
        var files = TennisFiles();
        await FileCreateAsync(id, files, "x.txt", 1);                    // 1: A6AE04 a new empty file
        files["x.txt"] = "a\nb";
        await FileEditAsync(id, files, 2);                                // 2: two lines, the last without a newline
        files["x.txt"] = "a\nb\nHello\nworld";
        await FileEditAsync(id, files, 3);                                // 3: A6AE01 appended "\nHello\nworld"
        await FileRenameAsync(id, files, "x.txt", "y.txt", 4);           // 4: A6AE03 a rename
        files.Remove("x.txt");
        files["y.txt"] = "a\nb\nHello\nworld";
        files["tennis.py"] = "def score(a, b):\n    return 'Fifteen love'\n";
        await FileEditAsync(id, files, 5);                                // 5: A6AE06 a one-line edit
        await FileDeleteAsync(id, files, "y.txt", 6);                    // 6: A6AE05 deleting a 4-line file
        files.Remove("y.txt");
        files["readme.txt"] = "";
        await FileEditAsync(id, files, 7);                                // 7: A6AE02 emptying a 1-line file

        var events = await EventsAsync(id);
        Assert.Equal(
            [(0, 0), (2, 0), (2, 0), (0, 0), (1, 1), (0, 4), (0, 1)],
            events.Skip(1).Select(Counts));
    }

    [Fact]
    public async Task Ts5D01_Ts5D03_a_resent_write_adds_nothing()
    {
        var id = await CreateTennisAsync();
        await RunAsync(id, TennisFiles(), "red", 4);
        await RunAsync(id, TennisFiles(), "red", 4);
        Assert.Equal(2, (await EventsAsync(id)).Count);

        var files = TennisFiles();
        files["readme.txt"] = "Edited.\n";
        await FileCreateAsync(id, files, "x.txt", 5);
        Assert.Equal(4, (await EventsAsync(id)).Count);
        var etag = await StoredRepository.VersionAsync(App.Blobs, id);
        await FileCreateAsync(id, files, "x.txt", 5);
        Assert.Equal(["create", "red", "file_edit", "file_create"], (await EventsAsync(id)).Select(e => e!["colour"]!.GetValue<string>()));
        Assert.Equal(etag, await StoredRepository.VersionAsync(App.Blobs, id));
    }

    [Fact]
    public async Task Sq5E03_an_implicit_edit_shares_its_events_tab_seq()
    {
        var id = await CreateTennisAsync();
        var files = TennisFiles();
        files["readme.txt"] = "one\n";
        await FileEditAsync(id, files, 1);
        files["readme.txt"] = "two\n";
        await FileEditAsync(id, files, 2);
        files["readme.txt"] = "three\n";
        await FileCreateAsync(id, files, "x.txt", 3);

        var events = await EventsAsync(id);
        Assert.Equal(5, events.Count);
        Assert.Equal(["create", "file_edit", "file_edit", "file_edit", "file_create"], events.Select(e => e!["colour"]!.GetValue<string>()));
        Assert.Equal([1, 2, 3, 3], events.Skip(1).Select(e => e!["tab_seq"]!.GetValue<int>()));
    }

    [Fact]
    public async Task La3F05_La7C02_only_a_well_formed_laptop_id_is_kept()
    {
        var id = await CreateTennisAsync();
        string?[] malformed = ["abc123", new string('A', 64), new string('g', 64), new string('0', 63), new string('0', 65), null];
        for (var i = 0; i < malformed.Length; i++) await RunAsync(id, TennisFiles(), "red", i + 1, laptopId: malformed[i]);
        var events = await EventsAsync(id);
        Assert.Equal(1 + malformed.Length, events.Count);
        Assert.All(events.Skip(1), e => Assert.False(e!.AsObject().ContainsKey("laptop_id")));
        Assert.All(events.Skip(1), e => Assert.True(e!.AsObject().ContainsKey("tab_seq")));
    }

    [Fact]
    public async Task La3F06_each_event_carries_its_senders_laptop()
    {
        var id = await CreateTennisAsync();
        await RunAsync(id, TennisFiles(), "red", 1, laptopId: LaptopA);
        await RunAsync(id, TennisFiles(), "red", 1, laptopId: LaptopB);
        var events = await EventsAsync(id);
        Assert.Equal([1, 2], events.Skip(1).Select(e => e!["index"]!.GetValue<int>()));
        Assert.Equal([LaptopA, LaptopB], events.Skip(1).Select(e => e!["laptop_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Ks3460_Ks3461_options_start_at_their_defaults_and_keep_what_is_set()
    {
        var id = await CreateTennisAsync();
        async Task<string> GetAsync(string name) =>
            (await Api.ReadAsync("kata_option_get", new JsonObject { ["id"] = id, ["name"] = name }))!.GetValue<string>();
        Task<JsonNode?> SetAsync(string name, string value) =>
            Api.WriteAsync("kata_option_set", new JsonObject { ["id"] = id, ["name"] = name, ["value"] = value });

        foreach (var (name, value) in KataOptions.Defaults) Assert.Equal(value, await GetAsync(name));
        Assert.Equal("", (await SetAsync("theme", "dark"))!.GetValue<string>());
        Assert.Equal("dark", await GetAsync("theme"));
        Assert.Equal("dark", (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = id }))!["theme"]!.GetValue<string>());
        Assert.Null(await SetAsync("theme", "dark"));
        Assert.Equal("", (await SetAsync("theme", "light"))!.GetValue<string>());
        Assert.Equal("light", await GetAsync("theme"));
        Assert.Equal("", (await SetAsync("revert_green", "on"))!.GetValue<string>());
        Assert.Equal("on", await GetAsync("revert_green"));

        Assert.Single(await EventsAsync(id));
        using var git = await UnpackAsync(id);
        Assert.Equal(["set option revert_green to on", "set option theme to light", "set option theme to dark", "0 kata creation"], git.Log());
        Assert.Equal([0], git.Tags());
    }

    [Fact]
    public async Task Ks3462_Ks3861_bad_option_names_and_values_are_refused_and_change_nothing()
    {
        var id = await CreateTennisAsync();
        var etag = await StoredRepository.VersionAsync(App.Blobs, id);
        async Task<ApiAnswer> SetAsync(string name, string value) =>
            await Api.PostAsync("kata_option_set", new JsonObject { ["id"] = id, ["name"] = name, ["value"] = value });

        var grey = await SetAsync("theme", "grey");
        Assert.Equal(HttpStatusCode.InternalServerError, grey.Status);
        Assert.Equal("Cannot set theme to grey, only to one of [\"dark\", \"light\"]", grey.Exception);
        Assert.Equal("Cannot set theme to maybe, only to one of [\"on\", \"off\"]", (await SetAsync("predict", "maybe")).Exception);
        var salmon = await SetAsync("salmon", "on");
        Assert.Equal(HttpStatusCode.InternalServerError, salmon.Status);
        Assert.Equal("Unknown option salmon", salmon.Exception);
        var get = await Api.GetAsync("kata_option_get", new JsonObject { ["id"] = id, ["name"] = "salmon" });
        Assert.Equal(HttpStatusCode.InternalServerError, get.Status);
        Assert.Equal("Unknown option salmon", get.Exception);
        var unknown = await Api.PostAsync("kata_option_set", new JsonObject { ["id"] = "123AbZ", ["name"] = "theme", ["value"] = "dark" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("kata 123AbZ does not exist", unknown.Exception);

        Assert.Equal(etag, await StoredRepository.VersionAsync(App.Blobs, id));
        Assert.Equal("light", (await Api.ReadAsync("kata_option_get", new JsonObject { ["id"] = id, ["name"] = "theme" }))!.GetValue<string>());
    }
}
