using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Http;

/// <summary>
/// A format 1 kata whose indexes have gaps (events the original lost in an outage) keeps
/// its numbers: the gaps are back-filled with outage entries (docs/api.md §6, §9.3), so a revert
/// or checkout that names an index still names the same event.
/// </summary>
public abstract partial class MigrationApiTests
{
    private const string Gapped = "G4pp3d";

    /// <summary>Events 0, 1, 4 (a revert to 1) and 5 (a checkout); 2 and 3 were never saved.</summary>
    private async Task PutGappedKataAsync()
    {
        var prefix = KataLayout.Prefix(EntityId.Parse(Gapped));
        JsonObject Files(string hiker) => new()
        {
            ["hiker.sh"] = new JsonObject { ["content"] = hiker },
            ["report/style.txt"] = new JsonObject { ["content"] = "", ["truncated"] = true },
        };
        JsonObject Output(string content) => new() { ["content"] = content, ["truncated"] = false };
        var manifest = new JsonObject
        {
            ["display_name"] = "Bash, bats", ["image_name"] = "cyberdojofoundation/bash_bats:53d0c9c", ["tab_size"] = 4,
            ["visible_files"] = new JsonObject { ["hiker.sh"] = new JsonObject { ["content"] = "echo 54\n" } },
            ["exercise"] = "Gaps", ["version"] = 1, ["created"] = new JsonArray(2020, 10, 19, 12, 0, 0, 1), ["id"] = Gapped,
        };
        var entries = new[]
        {
            """{"index":0,"time":[2020,10,19,12,0,0,1],"event":"created"}""",
            """{"time":[2020,10,19,12,1,0,2],"duration":0.5,"colour":"red","predicted":"none","index":1}""",
            """{"time":[2020,10,19,12,4,0,3],"duration":0.25,"colour":"green","predicted":"none","revert":["G4pp3d",1],"index":4}""",
            """{"time":[2020,10,19,12,5,0,4],"duration":0.125,"colour":"amber","predicted":"green","checkout":{"id":"5U2J18","index":2,"avatarIndex":44},"index":5}""",
        };
        await PutAsync(prefix + "manifest.json", manifest.ToJsonString());
        await PutAsync(prefix + "events.json", string.Join(",\n", entries));
        var files = new Dictionary<int, JsonObject>
        {
            [0] = new() { ["files"] = new JsonObject { ["hiker.sh"] = new JsonObject { ["content"] = "echo 54\n" } } },
            [1] = new() { ["files"] = Files("echo 53\n"), ["stdout"] = Output("not ok\n"), ["stderr"] = Output(""), ["status"] = "1" },
            [4] = new() { ["files"] = Files("echo 42\n"), ["stdout"] = Output("ok\n"), ["stderr"] = Output(""), ["status"] = "0" },
            [5] = new() { ["files"] = Files("echo 4\n"), ["stdout"] = Output(""), ["stderr"] = Output("syntax\n"), ["status"] = "2" },
        };
        foreach (var (index, content) in files)
        {
            var entry = JsonNode.Parse(entries[index switch { 0 => 0, 1 => 1, 4 => 2, _ => 3 }])!.AsObject();
            foreach (var (key, value) in entry) content[key] = value?.DeepClone();
            await PutAsync(prefix + $"{index}.event.json", content.ToJsonString());
        }
    }

    [Fact]
    public async Task A_format_1_kata_with_gaps_keeps_its_indexes_with_outage_entries_in_the_gaps()
    {
        await PutGappedKataAsync();
        var before = await ReadKataAsync(Gapped);
        Assert.Equal(["0", "1", "4", "5", "-1"], before.EventByIndex.Keys);

        AssertJson("""{"id":"G4pp3d","version":1,"migrated":true}""", await MigrateKataAsync(Gapped));

        var events = await EventsAsync(Gapped);
        Assert.Equal([0, 1, 2, 3, 4, 5], events.Select(e => e!["index"]!.GetValue<int>()));
        AssertJson("""{"index":2,"event":"outage","major_index":1,"minor_index":1}""", events[2]);
        AssertJson("""{"index":3,"event":"outage","major_index":1,"minor_index":2}""", events[3]);
        // Every entry the kata had reads as it did, major and minor indexes included.
        AssertJsonEqual(AsFormat2(before.Events), new JsonArray([.. events.Where(e => e!["event"]?.GetValue<string>() != "outage").Select(e => e!.DeepClone())]));
        foreach (var (index, was) in before.EventByIndex)
            if (index != "0") AssertJsonEqual(was, await EventAsync(Gapped, int.Parse(index)));
        // diff_lines between the entries: the old-format reader counts entries, not indexes, so it
        // could not reach 4 and 5; format 2 can, and agrees where both answer.
        Assert.Equal(HttpStatusCode.OK, before.Diffs["0..1"].Status);
        Assert.Equal("Invalid +ve index 4 [4 events]", before.Diffs["1..4"].Exception);
        foreach (var (range, diff) in before.Diffs)
        {
            var (was, now) = (int.Parse(range.Split("..")[0]), int.Parse(range.Split("..")[1]));
            var after = await Api.ReadAsync("diff_lines", new JsonObject { ["id"] = Gapped, ["was_index"] = was, ["now_index"] = now });
            if (diff.Status == HttpStatusCode.OK) AssertJsonEqual(diff.Json!["diff_lines"], after);
        }
        var changed = (await Api.ReadAsync("diff_lines", new JsonObject { ["id"] = Gapped, ["was_index"] = 4, ["now_index"] = 5 }))!.AsArray();
        Assert.Equal("changed", changed.Single(d => d!["new_filename"]!.GetValue<string>() == "hiker.sh")!["type"]!.GetValue<string>());
        // An outage reads as the files of the event that followed it (docs/api.md §6).
        var outage = await EventAsync(Gapped, 3);
        AssertJson("""{"files":{"hiker.sh":{"content":"echo 42\n"},"report/style.txt":{"content":""}},"index":3,"event":"outage"}""", outage);

        using var kata = await UnpackedKata.UnpackAsync(App.Blobs, Gapped);
        kata.Git("fsck", "--strict", "--no-dangling");
        Assert.Equal(["5 checked out {\"id\":\"5U2J18\",\"index\":2,\"avatarIndex\":44}", "4 reverted to {\"id\":\"G4pp3d\",\"index\":1}",
            "1 ran tests, no prediction, got red", "0 kata creation"], kata.Log());
        Assert.Equal([0, 1, 2, 3, 4, 5], kata.Tags());
        Assert.Equal(kata.CommitOf("4"), kata.CommitOf("2"));
        Assert.Equal(kata.CommitOf("4"), kata.CommitOf("3"));
        Assert.Equal("2020-10-19 12:04:00", kata.Git("log", "-1", "--date=format:%Y-%m-%d %H:%M:%S", "--format=%ad", "4").Trim());
        Assert.Equal("{\n  \"stdout\": false,\n  \"stderr\": false\n}", kata.Git("show", "5:truncations.json"));
    }
}
