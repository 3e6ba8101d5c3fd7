using System.Net;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// The older protocol of the test-family writes (docs/api.md §6): the client sends the event's
/// index instead of laptop_id and tab_seq; an index already used is refused, and skipped
/// indexes are back-filled with outage entries tagged at the same commit.
/// </summary>
public abstract class ClassicWriteTests(StoreUnderTest store) : OneAppPerTest(store)
{
    private async Task<string> CreateTennisAsync() =>
        (await Api.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();

    /// <summary>A test-family write as the older web server sent it.</summary>
    private static JsonObject Classic(string id, JsonNode? index, IReadOnlyDictionary<string, string> files, string colour,
        JsonObject? summary = null, int? status = null, string stdout = "")
    {
        var arguments = RanTests(id, files, colour, null, null, status: status, stdout: stdout, summary: summary);
        arguments.Remove("laptop_id");
        arguments.Remove("tab_seq");
        arguments["index"] = index;
        return arguments;
    }

    private async Task<JsonObject> EventAsync(string id, int index) =>
        (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = index }))!.AsObject();

    private Task<string> RepositoryETagAsync(string id) => StoredRepository.VersionAsync(App.Blobs, id);

    [Fact]
    public async Task A_classic_run_is_appended_at_the_index_sent_with_no_implicit_edit_diff_counts_or_sender()
    {
        var id = await CreateTennisAsync();
        var files = TennisFiles();
        files["tennis.py"] += "# edited\n";
        var result = await Api.WriteAsync("kata_ran_tests", Classic(id, 1, files, "red", status: 137, stdout: "FAILED\n"));
        Assert.Equal("1..1", result!.GetValue<string>());

        var events = await EventsAsync(id);
        Assert.Equal(2, events.Count);
        Assert.Equal(
            ["colour", "duration", "predicted", "revert_if_wrong", "index", "time", "major_index", "minor_index"],
            events[1]!.AsObject().Select(kv => kv.Key));
        Assert.Equal((1, 1, 0), (events[1]!["index"]!.GetValue<int>(), events[1]!["major_index"]!.GetValue<int>(), events[1]!["minor_index"]!.GetValue<int>()));

        var light = await EventAsync(id, 1);
        Assert.Equal("137", light["status"]!.GetValue<string>());
        Assert.Equal("FAILED\n", light["stdout"]!["content"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(FilesJson(files), light["files"]));

        using var git = await UnpackedKata.UnpackAsync(App.Blobs, id);
        Assert.Equal(["1 ran tests, no prediction, got red", "0 kata creation"], git.Log());
        Assert.Equal([0, 1], git.Tags());
    }

    [Fact]
    public async Task A_classic_write_at_or_before_the_last_index_is_out_of_order_and_commits_nothing()
    {
        var id = await CreateTennisAsync();
        await Api.WriteAsync("kata_ran_tests", Classic(id, 1, TennisFiles(), "red"));
        var etag = await RepositoryETagAsync(id);
        var before = await EventsAsync(id);

        foreach (JsonNode? index in new JsonNode?[] { 1, 0, -3, "abc", null })
        {
            var files = TennisFiles();
            files["readme.txt"] = "lost\n";
            var answer = await Api.PostAsync("kata_ran_tests", Classic(id, index, files, "green"));
            Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
            Assert.Equal("Out of order event", answer.Exception);
        }
        Assert.Equal(etag, await RepositoryETagAsync(id));
        Assert.True(JsonNode.DeepEquals(before, await EventsAsync(id)));

        // Writes in the current protocol move the last index on too.
        await Api.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "amber", LaptopA, 1));
        Assert.Equal("Out of order event", (await Api.PostAsync("kata_ran_tests", Classic(id, 2, TennisFiles(), "green"))).Exception);
        Assert.Equal("3..3", (await Api.WriteAsync("kata_ran_tests", Classic(id, 3, TennisFiles(), "green")))!.GetValue<string>());
    }

    [Fact]
    public async Task A_classic_write_past_the_next_index_back_fills_outages_tagged_at_its_own_commit()
    {
        var id = await CreateTennisAsync();
        await Api.WriteAsync("kata_ran_tests", Classic(id, 1, TennisFiles(), "red"));
        var files = TennisFiles();
        files["tennis.py"] = "def score(a, b):\n    return 'Fifteen love'\n";
        var result = await Api.WriteAsync("kata_ran_tests", Classic(id, 4, files, "green", status: 0));
        Assert.Equal("2..4", result!.GetValue<string>());

        var events = await EventsAsync(id);
        Assert.Equal([0, 1, 2, 3, 4], events.Select(e => e!["index"]!.GetValue<int>()));
        // An outage is not a light: it counts as a minor index, as a file event does.
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"index":2,"event":"outage","major_index":1,"minor_index":1}"""), events[2]), events[2]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"index":3,"event":"outage","major_index":1,"minor_index":2}"""), events[3]), events[3]!.ToJsonString());
        Assert.Equal(("green", 2, 0), (events[4]!["colour"]!.GetValue<string>(), events[4]!["major_index"]!.GetValue<int>(), events[4]!["minor_index"]!.GetValue<int>()));

        using (var git = await UnpackedKata.UnpackAsync(App.Blobs, id))
        {
            Assert.Equal([0, 1, 2, 3, 4], git.Tags());
            Assert.Equal(git.CommitOf("4"), git.CommitOf("2"));
            Assert.Equal(git.CommitOf("4"), git.CommitOf("3"));
            Assert.Equal(git.CommitOf("main"), git.CommitOf("4"));
            Assert.Equal(["4 ran tests, no prediction, got green", "1 ran tests, no prediction, got red", "0 kata creation"], git.Log());
        }

        foreach (var outage in new[] { 2, 3 })
        {
            var read = await EventAsync(id, outage);
            var expected = new JsonObject { ["files"] = FilesJson(files), ["index"] = outage, ["event"] = "outage" };
            Assert.True(JsonNode.DeepEquals(expected, read), read.ToJsonString());
        }
        Assert.Equal(3, (await EventAsync(id, -2))["index"]!.GetValue<int>());
        var green = await EventAsync(id, 4);
        Assert.Equal(("0", "green"), (green["status"]!.GetValue<string>(), green["colour"]!.GetValue<string>()));

        var both = (await Api.ReadAsync("katas_events", new JsonObject { ["ids"] = new JsonArray(id, id), ["indexes"] = new JsonArray(3, 4) }))!;
        Assert.Equal("outage", both[id]!["3"]!["event"]!.GetValue<string>());
        Assert.Equal("green", both[id]!["4"]!["colour"]!.GetValue<string>());

        // The current protocol carries on after the back-filled event.
        await Api.WriteAsync("kata_ran_tests", RanTests(id, files, "red", LaptopA, 9));
        var after = await EventsAsync(id);
        Assert.Equal((5, 3), (after[5]!["index"]!.GetValue<int>(), after[5]!["major_index"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Every_test_family_write_has_a_classic_form_with_the_usual_commit_message()
    {
        var id = await CreateTennisAsync();
        await Api.WriteAsync("kata_ran_tests", Classic(id, 1, TennisFiles(), "red"));
        await Api.WriteAsync("kata_predicted_right", Classic(id, 2, TennisFiles(), "red",
            new JsonObject { ["colour"] = "red", ["predicted"] = "red" }));
        await Api.WriteAsync("kata_predicted_wrong", Classic(id, 3, TennisFiles(), "red",
            new JsonObject { ["colour"] = "red", ["predicted"] = "green" }));
        var changed = TennisFiles();
        changed["tennis.py"] = "# reverted\n";
        await Api.WriteAsync("kata_reverted", Classic(id, 4, changed, "red",
            new JsonObject { ["colour"] = "red", ["revert"] = new JsonArray(id, 1) }));
        await Api.WriteAsync("kata_checked_out", Classic(id, 5, TennisFiles(), "green",
            new JsonObject { ["colour"] = "green", ["checkout"] = new JsonObject { ["id"] = "k5ZTk0", ["index"] = 2, ["avatarIndex"] = 11 } }));

        var events = await EventsAsync(id);
        Assert.Equal(6, events.Count);
        Assert.True(JsonNode.DeepEquals(new JsonArray(id, 1), events[4]!["revert"]));
        Assert.Equal("# reverted\n", (await EventAsync(id, 4))["files"]!["tennis.py"]!["content"]!.GetValue<string>());
        using var git = await UnpackedKata.UnpackAsync(App.Blobs, id);
        Assert.Equal(
        [
            "5 checked out {\"id\":\"k5ZTk0\",\"index\":2,\"avatarIndex\":11}",
            $"4 reverted to {{\"id\":\"{id}\",\"index\":1}}",
            "3 ran tests, predicted green, got red",
            "2 ran tests, predicted red, got red",
            "1 ran tests, no prediction, got red",
            "0 kata creation",
        ], git.Log());
    }

    [Fact]
    public async Task The_keywords_of_a_call_pick_its_signature_and_are_checked_with_rubys_messages()
    {
        var id = await CreateTennisAsync();
        async Task<string?> ErrorAsync(string method, JsonObject arguments)
        {
            var answer = await Api.PostAsync(method, arguments);
            Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
            return answer.Exception;
        }

        var noSummary = Classic(id, 1, TennisFiles(), "red");
        noSummary.Remove("summary");
        Assert.Equal("missing keyword: :summary", await ErrorAsync("kata_ran_tests", noSummary));
        var noOutputs = Classic(id, 1, TennisFiles(), "red");
        noOutputs.Remove("stdout");
        noOutputs.Remove("stderr");
        Assert.Equal("missing keywords: :stdout, :stderr", await ErrorAsync("kata_ran_tests", noOutputs));
        var extra = Classic(id, 1, TennisFiles(), "red");
        extra["x"] = 1;
        Assert.Equal("unknown keyword: :x", await ErrorAsync("kata_predicted_right", extra));

        // With laptop_id or tab_seq the call is in the current protocol, which has no index.
        var both = RanTests(id, TennisFiles(), "red", LaptopA, 1);
        both["index"] = 1;
        Assert.Equal("unknown keyword: :index", await ErrorAsync("kata_ran_tests", both));
        var halfCurrent = Classic(id, 1, TennisFiles(), "red");
        halfCurrent["laptop_id"] = LaptopA;
        Assert.Equal("missing keyword: :tab_seq", await ErrorAsync("kata_ran_tests", halfCurrent));

        // File writes have no classic form.
        var create = FileWrite(id, TennisFiles(), LaptopA, 1);
        create["filename"] = "x.txt";
        create["index"] = 1;
        Assert.Equal("unknown keyword: :index", await ErrorAsync("kata_file_create", create));
        create.Remove("laptop_id");
        create.Remove("tab_seq");
        Assert.Equal("missing keywords: :laptop_id, :tab_seq", await ErrorAsync("kata_file_create", create));

        var tooFar = await ErrorAsync("kata_ran_tests", Classic(id, 2 + KataHistoryWriter.MaxOutages, TennisFiles(), "red"));
        Assert.Equal($"Out of order event: index {2 + KataHistoryWriter.MaxOutages} would leave {1 + KataHistoryWriter.MaxOutages} events missing after 0 (at most {KataHistoryWriter.MaxOutages})", tooFar);
        var badFiles = Classic(id, 1, TennisFiles(), "red");
        badFiles["files"] = new JsonObject { ["../x"] = new JsonObject { ["content"] = "" } };
        Assert.StartsWith("unsafe file name", await ErrorAsync("kata_ran_tests", badFiles));

        Assert.Single(await EventsAsync(id));
        var unknown = await Api.PostAsync("kata_ran_tests", Classic("123AbZ", 1, TennisFiles(), "red"));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("kata 123AbZ does not exist", unknown.Exception);
    }
}
