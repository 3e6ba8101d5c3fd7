using System.Net;
using System.Text.Json.Nodes;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// The kata endpoints through real HTTP, answered exactly as the original answers (docs/api.md §3.4,
/// §3.5, §8). Each store gets a sealed subclass, so every test runs on each of them.
/// </summary>
public abstract class KataApiTests(StoreUnderTest store) : OneAppPerTest(store)
{
    protected async Task<string> CreateTennisAsync()
    {
        var id = await Api.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() });
        return id!.GetValue<string>();
    }

    [Fact]
    public async Task Probes_answer_as_the_original()
    {
        foreach (var path in new[] { "/alive", "/alive?" })
        {
            var answer = await Api.SendRawAsync(HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal("application/json", answer.ContentType);
            Assert.Equal("{\"alive?\":true}", answer.Text);
        }
        Assert.Equal("{\"alive?\":true}", (await Api.SendRawAsync(HttpMethod.Get, "/alive", "{}")).Text);
        Assert.Equal("{\"ready?\":true}", (await Api.SendRawAsync(HttpMethod.Get, "/ready")).Text);
        var sha = await Api.ReadAsync("sha");
        Assert.NotNull(sha);
    }

    [Fact]
    public async Task A_created_kata_exists_with_version_2_and_its_manifest_as_sent_plus_defaults()
    {
        var id = await CreateTennisAsync();
        Assert.Matches("^[0-9A-HJ-NP-Za-hj-np-z]{6}$", id);
        Assert.True((await Api.ReadAsync("kata_exists?", new JsonObject { ["id"] = id }))!.GetValue<bool>());

        var manifest = Assert.IsType<JsonObject>(await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = id }));
        var expected = TennisManifest();
        expected.Remove("visible_files");
        expected["version"] = 2;
        expected["created"] = manifest["created"]!.DeepClone();
        expected["id"] = id;
        expected["max_seconds"] = 10;
        foreach (var (name, value) in new[] { ("theme", "light"), ("colour", "on"), ("predict", "off"), ("revert_red", "off"), ("revert_amber", "off"), ("revert_green", "off") })
            expected[name] = value;
        Assert.True(JsonNode.DeepEquals(expected, manifest), $"expected {expected.ToJsonString()}\nactual   {manifest.ToJsonString()}");
        Assert.Equal(7, manifest["created"]!.AsArray().Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Creating_a_kata_of_version_0_or_1_is_505(int version)
    {
        var manifest = TennisManifest();
        manifest["version"] = version;
        var answer = await Api.PostAsync("kata_create", new JsonObject { ["manifest"] = manifest });
        Assert.Equal((HttpStatusCode)505, answer.Status);
        Assert.Equal($"Kata_v{version}: write not supported", answer.Exception);
    }

    [Fact]
    public async Task A_new_katas_events_are_its_creation()
    {
        var id = await CreateTennisAsync();
        var events = await Api.ReadAsync("kata_events", new JsonObject { ["id"] = id });
        var created = (await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = id }))!["created"];
        var expected = JsonNode.Parse($$"""
            [{"index":0,"event":"created","time":{{created!.ToJsonString()}},"colour":"create",
              "diff_added_count":0,"diff_deleted_count":0,"major_index":0,"minor_index":0}]
            """);
        Assert.True(JsonNode.DeepEquals(expected, events), events!.ToJsonString());
    }

    [Fact]
    public async Task Event_0_has_empty_output_status_0_and_colour_create()
    {
        var id = await CreateTennisAsync();
        var e = Assert.IsType<JsonObject>(await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = 0 }));
        Assert.True(JsonNode.DeepEquals(FilesJson(TennisFiles()), e["files"]));
        Assert.Equal("{\"content\":\"\",\"truncated\":false}", e["stdout"]!.ToJsonString());
        Assert.Equal("{\"content\":\"\",\"truncated\":false}", e["stderr"]!.ToJsonString());
        Assert.Equal(0, e["status"]!.GetValue<int>());
        Assert.Equal("create", e["colour"]!.GetValue<string>());
        Assert.Equal("created", e["event"]!.GetValue<string>());
        Assert.Equal(0, e["index"]!.GetValue<int>());
        Assert.False(e.ContainsKey("major_index"));
    }

    [Fact]
    public async Task A_red_run_is_event_1_with_its_output_status_as_text_and_the_senders_laptop()
    {
        var id = await CreateTennisAsync();
        Assert.Null(await Api.WriteAsync("kata_ran_tests",
            RanTests(id, TennisFiles(), "red", LaptopA, 1, status: 137, stdout: "FAILED (failures=1)\n", stderr: "warning\n")));

        var events = (await Api.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(2, events.Count);
        var light = events[1]!.AsObject();
        Assert.Equal(
            ["colour", "duration", "predicted", "revert_if_wrong", "index", "time", "diff_added_count", "diff_deleted_count", "laptop_id", "tab_seq", "major_index", "minor_index"],
            light.Select(kv => kv.Key));
        Assert.Equal("red", light["colour"]!.GetValue<string>());
        Assert.Equal(1.46448, light["duration"]!.GetValue<double>());
        Assert.Equal(1, light["index"]!.GetValue<int>());
        Assert.Equal(0, light["diff_added_count"]!.GetValue<int>());
        Assert.Equal(LaptopA, light["laptop_id"]!.GetValue<string>());
        Assert.Equal(1, light["tab_seq"]!.GetValue<int>());
        Assert.Equal(1, light["major_index"]!.GetValue<int>());
        Assert.Equal(0, light["minor_index"]!.GetValue<int>());

        foreach (var index in new[] { 1, -1 })
        {
            var e = (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = index }))!.AsObject();
            Assert.Equal("137", e["status"]!.GetValue<string>());
            Assert.Equal("{\"content\":\"FAILED (failures=1)\\n\",\"truncated\":false}", e["stdout"]!.ToJsonString());
            Assert.Equal("{\"content\":\"warning\\n\",\"truncated\":false}", e["stderr"]!.ToJsonString());
            Assert.True(JsonNode.DeepEquals(FilesJson(TennisFiles()), e["files"]));
            Assert.Equal("red", e["colour"]!.GetValue<string>());
            Assert.Equal(1, e["index"]!.GetValue<int>());
            Assert.False(e.ContainsKey("major_index"));
        }
    }

    [Fact]
    public async Task A_run_after_an_edit_saves_the_edit_first_and_counts_its_lines()
    {
        var id = await CreateTennisAsync();
        var files = TennisFiles();
        files["tennis.py"] += "# more\n";
        await Api.WriteAsync("kata_ran_tests", RanTests(id, files, "amber", LaptopA, 7));

        var events = (await Api.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(3, events.Count);
        var edit = events[1]!.AsObject();
        Assert.Equal("file_edit", edit["colour"]!.GetValue<string>());
        Assert.Equal("tennis.py", edit["filename"]!.GetValue<string>());
        Assert.Equal(1, edit["diff_added_count"]!.GetValue<int>());
        Assert.Equal(0, edit["diff_deleted_count"]!.GetValue<int>());
        Assert.Equal(7, edit["tab_seq"]!.GetValue<int>());
        Assert.Equal((0, 1), (edit["major_index"]!.GetValue<int>(), edit["minor_index"]!.GetValue<int>()));
        var light = events[2]!.AsObject();
        Assert.Equal("amber", light["colour"]!.GetValue<string>());
        Assert.Equal(0, light["diff_added_count"]!.GetValue<int>());
        Assert.Equal(7, light["tab_seq"]!.GetValue<int>());
        Assert.Equal((1, 0), (light["major_index"]!.GetValue<int>(), light["minor_index"]!.GetValue<int>()));

        var atEdit = (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = 1 }))!.AsObject();
        Assert.Equal("def score(a, b):\n    return 'Love all'\n# more\n", atEdit["files"]!["tennis.py"]!["content"]!.GetValue<string>());
        Assert.Equal("0", atEdit["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Resending_a_run_changes_nothing_but_another_laptop_or_colour_is_a_new_event()
    {
        var id = await CreateTennisAsync();
        await Api.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, 4));
        await Api.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, 4));
        Assert.Equal(2, (await Api.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray().Count);

        await Api.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopB, 4));
        await Api.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "green", LaptopA, 4));
        var events = (await Api.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(4, events.Count);
        Assert.Equal(LaptopB, events[2]!["laptop_id"]!.GetValue<string>());
        Assert.Equal("green", events[3]!["colour"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("\"abc123\"")]
    [InlineData("\"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\"")]
    [InlineData("\"gggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggggg\"")]
    [InlineData("\"000000000000000000000000000000000000000000000000000000000000000\"")]
    [InlineData("\"00000000000000000000000000000000000000000000000000000000000000000\"")]
    [InlineData("null")]
    public async Task Only_a_well_formed_laptop_id_is_stored(string laptopJson)
    {
        var id = await CreateTennisAsync();
        var args = RanTests(id, TennisFiles(), "red", null, 1);
        args["laptop_id"] = JsonNode.Parse(laptopJson);
        await Api.WriteAsync("kata_ran_tests", args);
        var light = (await Api.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray()[1]!.AsObject();
        Assert.False(light.ContainsKey("laptop_id"));
        Assert.True(light.ContainsKey("tab_seq"));
    }

    [Fact]
    public async Task Negative_and_too_big_indexes_give_the_originals_errors()
    {
        var id = await CreateTennisAsync();
        var last = await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = -1 });
        Assert.Equal(0, last!["index"]!.GetValue<int>());

        var tooFar = await Api.SendAsync(HttpMethod.Get, "kata_event", new JsonObject { ["id"] = id, ["index"] = -2 });
        Assert.Equal(HttpStatusCode.InternalServerError, tooFar.Status);
        Assert.Equal("Invalid -ve index -2 (=> -1) [1 event]", tooFar.Exception);

        await Api.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, 1));
        var minus3 = await Api.SendAsync(HttpMethod.Get, "kata_event", new JsonObject { ["id"] = id, ["index"] = -3 });
        Assert.Equal("Invalid -ve index -3 (=> -1) [2 events]", minus3.Exception);
        var plus2 = await Api.SendAsync(HttpMethod.Get, "kata_event", new JsonObject { ["id"] = id, ["index"] = 2 });
        Assert.Equal(HttpStatusCode.InternalServerError, plus2.Status);
        Assert.Equal("Invalid +ve index 2 [2 events]", plus2.Exception);

        var asText = await Api.SendRawAsync(HttpMethod.Get, $"/kata_event?id={id}&index=1");
        Assert.Equal(HttpStatusCode.OK, asText.Status);
        Assert.Equal(1, asText.Json!["kata_event"]!["index"]!.GetValue<int>());
    }

    [Fact]
    public async Task Exists_is_false_for_anything_but_an_existing_kata_id()
    {
        var id = await CreateTennisAsync();
        foreach (var bad in new[] { "42", "null", "[]", "{}", "true", "\"\"", "\"12345\"", "\"12345i\"", "\"123AbZ\"" })
        {
            var answer = await Api.SendRawAsync(HttpMethod.Get, "/kata_exists", $"{{\"id\":{bad}}}");
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal("{\"kata_exists?\":false}", answer.Text);
        }
        Assert.Equal("{\"kata_exists?\":true}", (await Api.SendRawAsync(HttpMethod.Get, $"/kata_exists?id={id}")).Text);
        Assert.Equal("{\"kata_exists?\":false}", (await Api.SendRawAsync(HttpMethod.Get, "/kata_exists?id=123AbZ")).Text);
    }

    [Fact]
    public async Task Bad_requests_get_the_originals_statuses_and_messages()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Api.SendRawAsync(HttpMethod.Post, "/xyz")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.SendRawAsync(HttpMethod.Post, "/kata_events", "{}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.SendRawAsync(HttpMethod.Get, "/kata_create", "{}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.SendRawAsync(HttpMethod.Get, "/alive", accept: "text/html")).Status);
        Assert.Equal(HttpStatusCode.OK, (await Api.SendRawAsync(HttpMethod.Get, "/alive", accept: "text/html,*/*;q=0.8")).Status);

        var notJson = await Api.SendRawAsync(HttpMethod.Get, "/sha", "abc");
        Assert.Equal(HttpStatusCode.BadRequest, notJson.Status);
        Assert.Equal("application/json", notJson.ContentType);
        Assert.Equal("body is not JSON", notJson.Exception);
        var notHash = await Api.SendRawAsync(HttpMethod.Get, "/sha", "[]");
        Assert.Equal(HttpStatusCode.BadRequest, notHash.Status);
        Assert.Equal("body is not JSON Hash", notHash.Exception);

        var unknown = await Api.SendAsync(HttpMethod.Get, "kata_events", new JsonObject { ["id"] = "123AbZ" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("kata 123AbZ does not exist", unknown.Exception);

        var missing = await Api.SendAsync(HttpMethod.Get, "kata_event", new JsonObject { ["id"] = "123AbZ" });
        Assert.Equal(HttpStatusCode.InternalServerError, missing.Status);
        Assert.Equal("missing keyword: :index", missing.Exception);
        var missingTwo = await Api.SendAsync(HttpMethod.Get, "kata_event", new JsonObject());
        Assert.Equal("missing keywords: :id, :index", missingTwo.Exception);
        var extra = await Api.SendAsync(HttpMethod.Get, "kata_events", new JsonObject { ["id"] = "123AbZ", ["x"] = 1 });
        Assert.Equal("unknown keyword: :x", extra.Exception);
        var extras = await Api.SendAsync(HttpMethod.Get, "kata_events", new JsonObject { ["id"] = "123AbZ", ["a"] = 1, ["b"] = 2 });
        Assert.Equal("unknown keywords: :a, :b", extras.Exception);
    }

    [Fact]
    public async Task A_write_with_bad_files_is_refused_and_changes_nothing()
    {
        var id = await CreateTennisAsync();
        foreach (var name in new[] { "../evil.sh", "/etc/passwd", "a/../../b", ".git/config", "dir//x", "" })
        {
            var files = TennisFiles();
            files[name] = "x";
            var answer = await Api.PostAsync("kata_ran_tests", RanTests(id, files, "red", LaptopA, 1));
            Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
            Assert.StartsWith("unsafe file name", answer.Exception);
        }
        var wrongType = RanTests(id, TennisFiles(), "red", LaptopA, 1);
        wrongType["files"] = new JsonArray();
        Assert.Equal(HttpStatusCode.InternalServerError, (await Api.PostAsync("kata_ran_tests", wrongType)).Status);
        var withIndex = RanTests(id, TennisFiles(), "red", LaptopA, 1);
        withIndex["index"] = 1;
        Assert.Equal("unknown keyword: :index", (await Api.PostAsync("kata_ran_tests", withIndex)).Exception);

        Assert.Single((await Api.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray());
    }

    [Fact]
    public async Task Answers_are_gzipped_when_asked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/alive");
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await Api.Http.SendAsync(request);
        Assert.Equal("gzip", Assert.Single(response.Content.Headers.ContentEncoding));
        await using var unzipped = new System.IO.Compression.GZipStream(await response.Content.ReadAsStreamAsync(), System.IO.Compression.CompressionMode.Decompress);
        Assert.Equal("{\"alive?\":true}", await new StreamReader(unzipped).ReadToEndAsync());
    }
}
