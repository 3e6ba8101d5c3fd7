using Saver.Storage.Blobs;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// Katas the original wrote in formats 0 and 1 (docs/api.md §7), imported as they were on its disk
/// and served read-only through the same endpoints as format 2 (docs/api.md §3.4, §3.6, §8). The
/// fixtures: v0 katas 5rTJv5 and k5ZTk0, v1 katas 5U2J18, rUqcey, 38w9NC and H8NAvN.
/// </summary>
public abstract class OldFormatKataTests(StoreUnderTest store) : IAsyncLifetime
{
    private const string V0 = "5rTJv5";
    private const string V0Other = "k5ZTk0";
    private const string V1 = "5U2J18";

    protected SaverApp App { get; private set; } = null!;
    protected SaverClient Api => App.Client;

    public async Task InitializeAsync()
    {
        App = store.StartApp();
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        store.Dispose();
    }

    private async Task<JsonArray> EventsAsync(string id) =>
        (await Api.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();

    private async Task<JsonObject> EventAsync(string id, JsonNode? index) =>
        (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = index }))!.AsObject();

    private Task<ApiAnswer> EventAnswerAsync(string id, int index) =>
        Api.GetAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = index });

    private async Task PutAsync(string blobName, string content) =>
        await App.Blobs.PutAsync(blobName, Encoding.UTF8.GetBytes(content));

    private static string Blob(string id, string path) => KataLayout.BlobName(EntityId.Parse(id), path);

    private static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual?.ToJsonString()}");

    [Fact]
    public async Task FF0E42_Ws5764_old_katas_exist_and_unknown_ones_do_not()
    {
        Assert.Equal("{\"kata_exists?\":false}", (await Api.SendRawAsync(HttpMethod.Get, "/kata_exists?id=123AbZ")).Text);
        foreach (var id in new[] { V0, V0Other, V1, "rUqcey", "38w9NC", "H8NAvN" })
            Assert.Equal("{\"kata_exists?\":true}", (await Api.SendRawAsync(HttpMethod.Get, $"/kata_exists?id={id}")).Text);
        foreach (var bad in new[] { "42", "null", "[]", "{}", "true", "\"\"", "\"12345\"", "\"12345i\"" })
            Assert.Equal("{\"kata_exists?\":false}", (await Api.SendRawAsync(HttpMethod.Get, "/kata_exists", $"{{\"id\":{bad}}}")).Text);
    }

    [Fact]
    public async Task Ks5473_a_v0_manifest_has_version_0_its_own_keys_the_files_of_event_0_the_defaults_and_the_options()
    {
        var manifest = (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = V0 }))!.AsObject();
        Assert.Equal(0, manifest["version"]!.GetValue<int>());
        Assert.Equal(2, manifest["tab_size"]!.GetValue<int>());
        Assert.Equal("ISBN", manifest["exercise"]!.GetValue<string>());
        Assert.Equal("FxWwrr", manifest["group_id"]!.GetValue<string>());
        Assert.Equal(32, manifest["group_index"]!.GetValue<int>());
        Assert.Equal(V0, manifest["id"]!.GetValue<string>());
        Assert.Equal("Ruby, MiniTest", manifest["display_name"]!.GetValue<string>());
        AssertJson("[2019,1,16,12,44,55,800239]", manifest["created"]);
        var files = manifest["visible_files"]!.AsObject();
        Assert.Equal(["coverage.rb", "cyber-dojo.sh", "hiker.rb", "readme.txt", "test_hiker.rb"], files.Select(f => f.Key).Order(StringComparer.Ordinal));
        // Un-lined: format 0 kept each content as the array of its lines.
        AssertJson("{\"content\":\"\\ndef answer\\n  6 * 9\\nend\\n\"}", files["hiker.rb"]);
        Assert.Equal("for test_file in *test*.rb\ndo\n  ruby $test_file\ndone\n", files["cyber-dojo.sh"]!["content"]!.GetValue<string>());
        AssertJson("[]", manifest["highlight_filenames"]);
        AssertJson("[]", manifest["progress_regexs"]);
        Assert.Equal(10, manifest["max_seconds"]!.GetValue<int>());
        foreach (var (name, value) in KataOptions.Defaults)
            Assert.Equal(value, manifest[name]!.GetValue<string>());
    }

    [Fact]
    public async Task A_v1_manifest_has_version_1_and_its_plain_visible_files()
    {
        var manifest = (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = V1 }))!.AsObject();
        Assert.Equal(1, manifest["version"]!.GetValue<int>());
        Assert.Equal("Bash, bats", manifest["display_name"]!.GetValue<string>());
        Assert.Equal(4, manifest["tab_size"]!.GetValue<int>());
        Assert.Equal(["bats_help.txt", "cyber-dojo.sh", "hiker.sh", "readme.txt", "test_hiker.sh"],
            manifest["visible_files"]!.AsObject().Select(f => f.Key).Order(StringComparer.Ordinal));
        Assert.Equal("#!/bin/bash\n\nanswer()\n{\n  echo $((6 * 9))\n}\n", manifest["visible_files"]!["hiker.sh"]!["content"]!.GetValue<string>());
        Assert.Equal("light", manifest["theme"]!.GetValue<string>());
        Assert.Equal(10, manifest["max_seconds"]!.GetValue<int>());
    }

    [Fact]
    public async Task D9wf5S_v0_events_are_numbered_by_line_with_colour_create_first_and_predicted_defaulting_to_none()
    {
        var events = await EventsAsync(V0);
        Assert.Equal(4, events.Count);
        Assert.Equal([0, 1, 2, 3], events.Select(e => e!["index"]!.GetValue<int>()));
        Assert.Equal([0, 1, 2, 3], events.Select(e => e!["major_index"]!.GetValue<int>()));
        Assert.Equal([0, 0, 0, 0], events.Select(e => e!["minor_index"]!.GetValue<int>()));
        Assert.Equal(["create", "red", "amber", "green"], events.Select(e => e!["colour"]!.GetValue<string>()));
        Assert.Equal(["red", "none", "none"], events.Skip(1).Select(e => e!["predicted"]!.GetValue<string>()));
        Assert.Equal([1.46448, 1.031421, 1.042027], events.Skip(1).Select(e => e!["duration"]!.GetValue<double>()));
        // As the original answers, key for key: event 0 has no diff counts in formats 0 and 1.
        Assert.Equal("""{"event":"created","time":[2019,1,16,12,44,55,800239],"index":0,"colour":"create","major_index":0,"minor_index":0}""",
            events[0]!.ToJsonString());
        AssertJson("""
            {"colour":"amber","time":[2019,1,16,12,45,46,82887],"duration":1.031421,"index":2,"predicted":"none",
             "major_index":2,"minor_index":0}
            """, events[2]);
    }

    [Fact]
    public async Task D9wrp8_v1_events_have_the_same_shape()
    {
        var events = await EventsAsync(V1);
        Assert.Equal(4, events.Count);
        Assert.Equal([0, 1, 2, 3], events.Select(e => e!["index"]!.GetValue<int>()));
        Assert.Equal([0, 1, 2, 3], events.Select(e => e!["major_index"]!.GetValue<int>()));
        Assert.Equal([0, 0, 0, 0], events.Select(e => e!["minor_index"]!.GetValue<int>()));
        Assert.Equal(["create", "red", "amber", "green"], events.Select(e => e!["colour"]!.GetValue<string>()));
        Assert.Equal(["none", "none", "none"], events.Skip(1).Select(e => e!["predicted"]!.GetValue<string>()));
        Assert.Equal([0.491393, 0.426736, 0.438522], events.Skip(1).Select(e => e!["duration"]!.GetValue<double>()));
        Assert.Equal("""{"index":0,"time":[2020,10,19,12,52,46,396907],"event":"created","colour":"create","major_index":0,"minor_index":0}""",
            events[0]!.ToJsonString());
    }

    [Fact]
    public async Task Lw2f5T_v0_event_0_is_its_files_index_time_and_event_and_later_events_are_whole()
    {
        var first = await EventAsync(V0, 0);
        Assert.Equal(["event", "files", "index", "time"], first.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal("created", first["event"]!.GetValue<string>());
        Assert.Equal(0, first["index"]!.GetValue<int>());
        AssertJson("[2019,1,16,12,44,55,800239]", first["time"]);
        Assert.Equal("\ndef answer\n  6 * 9\nend\n", first["files"]!["hiker.rb"]!["content"]!.GetValue<string>());

        var red = await EventAsync(V0, 1);
        Assert.Equal("1", red["status"]!.GetValue<string>());
        Assert.Equal("red", red["colour"]!.GetValue<string>());
        Assert.Equal(1.46448, red["duration"]!.GetValue<double>());
        Assert.Equal("red", red["predicted"]!.GetValue<string>());
        Assert.Equal(1, red["index"]!.GetValue<int>());
        AssertJson("[2019,1,16,12,45,40,544806]", red["time"]);
        AssertJson("{\"content\":\"\\ndef answer\\n  6 * 999\\nend\\n\"}", red["files"]!["hiker.rb"]);
        Assert.StartsWith("Run options: --seed 45197\n\n# Running:\n\nF\n", red["stdout"]!["content"]!.GetValue<string>());
        Assert.False(red["stdout"]!["truncated"]!.GetValue<bool>());
        AssertJson("{\"content\":\"\",\"truncated\":false}", red["stderr"]);
        Assert.False(red.ContainsKey("major_index"));

        var amber = await EventAsync(V0, 2);
        Assert.Equal("none", amber["predicted"]!.GetValue<string>());

        var last = await EventAsync(V0, -1);
        Assert.Equal(3, last["index"]!.GetValue<int>());
        Assert.Equal("0", last["status"]!.GetValue<string>());
        Assert.Equal("green", last["colour"]!.GetValue<string>());
        Assert.Equal("\ndef answer\n  6 * 7\nend\n", last["files"]!["hiker.rb"]!["content"]!.GetValue<string>());
        Assert.Equal(0, (await EventAsync(V0, -4))["index"]!.GetValue<int>());
        Assert.Equal(2, (await EventAsync(V0, "2"))["index"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_v1_event_is_its_file_with_no_per_file_truncated()
    {
        var first = await EventAsync(V1, 0);
        Assert.Equal(["event", "files", "index", "time"], first.Select(kv => kv.Key).Order(StringComparer.Ordinal));
        var red = await EventAsync(V1, 1);
        Assert.Equal("1", red["status"]!.GetValue<string>());
        Assert.Equal("red", red["colour"]!.GetValue<string>());
        Assert.Equal("none", red["predicted"]!.GetValue<string>());
        Assert.Equal(0.491393, red["duration"]!.GetValue<double>());
        AssertJson("{\"content\":\"#!/bin/bash\\n\\nanswer()\\n{\\n  echo $((6 * 999))\\n}\\n\"}", red["files"]!["hiker.sh"]);
        Assert.Equal("1..1\nnot ok 1 life the universe and everything\n# (in test file test_hiker.sh, line 7)\n#   `[ \"$actual\" == \"42\" ]' failed\n",
            red["stdout"]!["content"]!.GetValue<string>());
        Assert.Equal(3, (await EventAsync(V1, -1))["index"]!.GetValue<int>());

        // A v1 file may carry "truncated" per file; reads drop it.
        await PutAsync(Blob(V1, "2.event.json"),
            """{"files":{"a.sh":{"content":"x\n","truncated":false}},"stdout":{"content":"","truncated":false},"stderr":{"content":"","truncated":false},"status":"2","index":2,"time":[2020,10,19,12,52,58,547002],"colour":"amber","predicted":"none","duration":0.4}""");
        var amber = await EventAsync(V1, 2);
        AssertJson("{\"a.sh\":{\"content\":\"x\\n\"}}", amber["files"]);
    }

    [Fact]
    public async Task Old_formats_give_format_2s_index_errors()
    {
        foreach (var id in new[] { V0, V1 })
        {
            var tooBig = await EventAnswerAsync(id, 4);
            Assert.Equal(HttpStatusCode.InternalServerError, tooBig.Status);
            Assert.Equal("Invalid +ve index 4 [4 events]", tooBig.Exception);
            var tooSmall = await EventAnswerAsync(id, -5);
            Assert.Equal(HttpStatusCode.InternalServerError, tooSmall.Status);
            Assert.Equal("Invalid -ve index -5 (=> -1) [4 events]", tooSmall.Exception);
        }
        Assert.Equal("Invalid -ve index -3 (=> -1) [2 events]", (await EventAnswerAsync("H8NAvN", -3)).Exception);
    }

    [Fact]
    public async Task A_v1_kata_with_an_outage_gap_keeps_its_indexes_and_maps_negative_indexes_through_them()
    {
        const string id = "GaPv1x";
        await PutAsync(Blob(id, "manifest.json"), """{"display_name":"Bash, bats","version":1,"id":"GaPv1x","visible_files":{"a.sh":{"content":"0\n"}}}""");
        await PutAsync(Blob(id, "events.json"),
            "{\"index\":0,\"time\":[2020,1,1,0,0,0,0],\"event\":\"created\"},\n" +
            "{\"colour\":\"red\",\"index\":1,\"time\":[2020,1,1,0,0,1,0],\"duration\":0.5},\n" +
            "{\"colour\":\"green\",\"predicted\":\"green\",\"index\":3,\"time\":[2020,1,1,0,0,3,0],\"duration\":0.5}\n");
        await PutAsync(Blob(id, "0.event.json"), """{"files":{"a.sh":{"content":"0\n"}},"index":0,"time":[2020,1,1,0,0,0,0],"event":"created"}""");
        foreach (var (n, colour) in new[] { (1, "red"), (3, "green") })
            await PutAsync(Blob(id, $"{n}.event.json"),
                $$$"""{"files":{"a.sh":{"content":"{{{n}}}\n"}},"stdout":{"content":"out {{{n}}}","truncated":false},"stderr":{"content":"","truncated":false},"status":{{{n}}},"index":{{{n}}},"time":[2020,1,1,0,0,{{{n}}},0],"colour":"{{{colour}}}","duration":0.5}""");

        var events = await EventsAsync(id);
        Assert.Equal([0, 1, 3], events.Select(e => e!["index"]!.GetValue<int>()));
        Assert.Equal([0, 1, 2], events.Select(e => e!["major_index"]!.GetValue<int>()));
        Assert.Equal(["none", "green"], events.Skip(1).Select(e => e!["predicted"]!.GetValue<string>()));

        var last = await EventAsync(id, -1);
        Assert.Equal(3, last["index"]!.GetValue<int>());
        Assert.Equal("3", last["status"]!.GetValue<string>());
        Assert.Equal("3\n", last["files"]!["a.sh"]!["content"]!.GetValue<string>());
        Assert.Equal("none", (await EventAsync(id, -2))["predicted"]!.GetValue<string>());
        Assert.Equal(1, (await EventAsync(id, -2))["index"]!.GetValue<int>());
        Assert.Equal(3, (await EventAsync(id, 3))["index"]!.GetValue<int>());
        Assert.Equal(0, (await EventAsync(id, -3))["index"]!.GetValue<int>());
        Assert.Equal("Invalid +ve index 2 [3 events]", (await EventAnswerAsync(id, 2)).Exception);
        Assert.Equal("Invalid -ve index -4 (=> -1) [3 events]", (await EventAnswerAsync(id, -4)).Exception);

        var katas = App.Services.GetRequiredService<KataService>();
        Assert.Equal("1\n", (await katas.FilesAtAsync(id, -2))["a.sh"]);
    }

    [Fact]
    public async Task Files_at_an_index_and_group_joined_events_read_old_formats_too()
    {
        var katas = App.Services.GetRequiredService<KataService>();
        var v0Files = await katas.FilesAtAsync(V0, 1);
        Assert.Equal(["coverage.rb", "cyber-dojo.sh", "hiker.rb", "readme.txt", "test_hiker.rb"], v0Files.Keys);
        Assert.Equal("\ndef answer\n  6 * 999\nend\n", v0Files["hiker.rb"]);
        Assert.Equal("#!/bin/bash\n\nanswer()\n{\n  echo $((6 * 7))\n}\n", (await katas.FilesAtAsync(V1, -1))["hiker.sh"]);
        var error = await Assert.ThrowsAsync<Saver.Storage.SaverException>(() => katas.FilesAtAsync(V0, 4));
        Assert.Equal("Invalid +ve index 4 [4 events]", error.Message);

        foreach (var id in new[] { V0, V1 })
        {
            var joined = await katas.JoinedEventsAsync(id);
            var events = await EventsAsync(id);
            Assert.False(joined[0]!.AsObject().ContainsKey("colour"));
            events[0]!.AsObject().Remove("colour");
            Assert.True(JsonNode.DeepEquals(events, joined), joined.ToJsonString());
        }
        var v2 = (await Api.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        // A format 2 kata's events come written out already, to be copied into the answer as they are.
        var written = JsonNode.Parse(Saver.Storage.Json.SaverJson.Compact(await katas.JoinedEventsAsync(v2)))!;
        Assert.Equal("create", written[0]!["colour"]!.GetValue<string>());
    }

    [Fact]
    public async Task LS51P4_katas_events_reads_each_kata_in_its_own_format()
    {
        var v2 = (await Api.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        var result = (await Api.ReadAsync("katas_events", new JsonObject
        {
            ["ids"] = new JsonArray(V0, V1, v2, V0),
            ["indexes"] = new JsonArray(1, "-1", 0, -1),
        }))!.AsObject();
        Assert.Equal([V0, V1, v2], result.Select(kv => kv.Key));
        Assert.Equal(["1", "-1"], result[V0]!.AsObject().Select(kv => kv.Key));
        Assert.True(JsonNode.DeepEquals(await EventAsync(V0, 1), result[V0]!["1"]));
        Assert.True(JsonNode.DeepEquals(await EventAsync(V0, 3), result[V0]!["-1"]));
        Assert.True(JsonNode.DeepEquals(await EventAsync(V1, 3), result[V1]!["-1"]));
        Assert.True(JsonNode.DeepEquals(await EventAsync(v2, 0), result[v2]!["0"]));

        var asQuery = await Api.SendRawAsync(HttpMethod.Get, $"/katas_events?ids[]={V1}&indexes[]=2");
        Assert.Equal(HttpStatusCode.OK, asQuery.Status);
        Assert.Equal("amber", asQuery.Json!["katas_events"]![V1]!["2"]!["colour"]!.GetValue<string>());

        var unknown = await Api.GetAsync("katas_events", new JsonObject { ["ids"] = new JsonArray(V0, "123AbZ"), ["indexes"] = new JsonArray(1, 1) });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("kata 123AbZ does not exist", unknown.Exception);
        var badIndex = await Api.GetAsync("katas_events", new JsonObject { ["ids"] = new JsonArray(V0), ["indexes"] = new JsonArray(9) });
        Assert.Equal(HttpStatusCode.InternalServerError, badIndex.Status);
        Assert.Equal("Invalid +ve index 9 [4 events]", badIndex.Exception);
        // Katas are opened at once, but the pairs fail in order: the bad index comes before the unknown kata.
        var firstInOrder = await Api.GetAsync("katas_events", new JsonObject { ["ids"] = new JsonArray(V0, "123AbZ"), ["indexes"] = new JsonArray(9, 1) });
        Assert.Equal("Invalid +ve index 9 [4 events]", firstInOrder.Exception);
        var uneven = await Api.GetAsync("katas_events", new JsonObject { ["ids"] = new JsonArray(V0, V1), ["indexes"] = new JsonArray(1) });
        Assert.Equal(HttpStatusCode.InternalServerError, uneven.Status);
        Assert.Equal("ids and indexes must be the same length, not 2 and 1", uneven.Exception);
        var notArrays = await Api.GetAsync("katas_events", new JsonObject { ["ids"] = V0, ["indexes"] = 1 });
        Assert.Equal(HttpStatusCode.InternalServerError, notArrays.Status);
        Assert.Equal("missing keyword: :indexes", (await Api.GetAsync("katas_events", new JsonObject { ["ids"] = new JsonArray() })).Exception);
        Assert.Equal("{\"katas_events\":{}}", (await Api.SendRawAsync(HttpMethod.Get, "/katas_events", "{\"ids\":[],\"indexes\":[]}")).Text);
    }

    [Fact]
    public async Task Sp4DkA_every_write_to_an_old_kata_is_505_and_changes_nothing()
    {
        foreach (var (id, version) in new[] { (V0Other, 0), (V1, 1) })
        {
            var before = await EventsAsync(id);
            var run = await Api.PostAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, 1));
            Assert.Equal((HttpStatusCode)505, run.Status);
            Assert.Equal($"Kata_v{version}: write not supported", run.Exception);

            var create = FileWrite(id, TennisFiles(), LaptopA, 2);
            create["filename"] = "x.txt";
            Assert.Equal($"Kata_v{version}: write not supported", (await Api.PostAsync("kata_file_create", create)).Exception);

            var classic = RanTests(id, TennisFiles(), "red", null, null);
            classic.Remove("laptop_id");
            classic.Remove("tab_seq");
            classic["index"] = 4;
            var classicAnswer = await Api.PostAsync("kata_ran_tests", classic);
            Assert.Equal((HttpStatusCode)505, classicAnswer.Status);
            Assert.Equal($"Kata_v{version}: write not supported", classicAnswer.Exception);

            Assert.True(JsonNode.DeepEquals(before, await EventsAsync(id)));
        }
    }

    [Fact]
    public async Task Ks3460_old_katas_have_the_default_options()
    {
        foreach (var id in new[] { V0, V1 })
            foreach (var (name, value) in KataOptions.Defaults)
                Assert.Equal(value, (await Api.ReadAsync("kata_option_get", new JsonObject { ["id"] = id, ["name"] = name }))!.GetValue<string>());
    }

    [Fact]
    public async Task Ks3863_any_option_set_on_an_old_kata_is_505()
    {
        foreach (var (id, version) in new[] { (V0, 0), (V1, 1) })
        {
            foreach (var (name, value) in new[] { ("theme", "dark"), ("theme", "light"), ("theme", "grey"), ("predict", "on"), ("salmon", "on") })
            {
                var answer = await Api.PostAsync("kata_option_set", new JsonObject { ["id"] = id, ["name"] = name, ["value"] = value });
                Assert.Equal((HttpStatusCode)505, answer.Status);
                Assert.Equal($"Kata_v{version}: write not supported", answer.Exception);
            }
            Assert.Equal("light", (await Api.ReadAsync("kata_option_get", new JsonObject { ["id"] = id, ["name"] = "theme" }))!.GetValue<string>());
        }
        var unknownName = await Api.GetAsync("kata_option_get", new JsonObject { ["id"] = V0, ["name"] = "salmon" });
        Assert.Equal(HttpStatusCode.InternalServerError, unknownName.Status);
        Assert.Equal("Unknown option salmon", unknownName.Exception);
    }

    [Fact]
    public async Task Ks3864_an_old_katas_option_file_holds_its_value_on_its_last_line()
    {
        await PutAsync(Blob(V0, "theme"), "\ndark");
        await PutAsync(Blob(V0, "predict"), "off\non\n");
        await PutAsync(Blob(V1, "colour"), "off");
        await PutAsync(Blob(V1, "revert_red"), "\n\n");

        Assert.Equal("dark", (await Api.ReadAsync("kata_option_get", new JsonObject { ["id"] = V0, ["name"] = "theme" }))!.GetValue<string>());
        Assert.Equal("on", (await Api.ReadAsync("kata_option_get", new JsonObject { ["id"] = V0, ["name"] = "predict" }))!.GetValue<string>());
        Assert.Equal("off", (await Api.ReadAsync("kata_option_get", new JsonObject { ["id"] = V1, ["name"] = "colour" }))!.GetValue<string>());
        Assert.Equal("off", (await Api.ReadAsync("kata_option_get", new JsonObject { ["id"] = V1, ["name"] = "revert_red" }))!.GetValue<string>());

        var v0 = (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = V0 }))!.AsObject();
        Assert.Equal(("dark", "on", "on"), (v0["theme"]!.GetValue<string>(), v0["predict"]!.GetValue<string>(), v0["colour"]!.GetValue<string>()));
        var v1 = (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = V1 }))!.AsObject();
        Assert.Equal(("light", "off"), (v1["theme"]!.GetValue<string>(), v1["colour"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Tn6Wb9_a_format_2_kata_whose_repository_is_gone_is_a_500_not_an_old_kata()
    {
        var id = (await Api.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        var prefix = KataLayout.Prefix(EntityId.Parse(id));
        await foreach (var blob in App.Blobs.ListAsync(prefix + "repository/")) Assert.True(await App.Blobs.DeleteAsync(blob.Name));

        var expected = $"kata {id} has no .git but manifest version is 2";
        var events = await Api.GetAsync("kata_events", new JsonObject { ["id"] = id });
        Assert.Equal(HttpStatusCode.InternalServerError, events.Status);
        Assert.Equal(expected, events.Exception);
        Assert.Equal(expected, (await Api.GetAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = 0 })).Exception);
        Assert.Equal(expected, (await Api.GetAsync("kata_manifest", new JsonObject { ["id"] = id })).Exception);
        var write = await Api.PostAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, 1));
        Assert.Equal(HttpStatusCode.InternalServerError, write.Status);
        Assert.Equal(expected, write.Exception);
    }

    [Fact]
    public async Task A_kata_folder_without_a_manifest_does_not_exist_and_an_unknown_version_is_a_500()
    {
        await PutAsync(Blob("NMan12", "events.json"), "{\"event\":\"created\",\"time\":[2019,1,1,0,0,0,0]}\n");
        var answer = await Api.GetAsync("kata_events", new JsonObject { ["id"] = "NMan12" });
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal("kata NMan12 does not exist", answer.Exception);

        await PutAsync(Blob("Ver3xx", "manifest.json"), "{\"version\":3}");
        var v3 = await Api.GetAsync("kata_events", new JsonObject { ["id"] = "Ver3xx" });
        Assert.Equal(HttpStatusCode.InternalServerError, v3.Status);
        Assert.Equal("kata Ver3xx has manifest version 3, which is not 0, 1 or 2", v3.Exception);
    }
}
