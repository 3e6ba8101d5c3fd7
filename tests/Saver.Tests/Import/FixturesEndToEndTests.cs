using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Saver.Functions.Hosting;
using Saver.Storage.Diffs;
using Saver.Tests.Diffs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Import;

/// <summary>
/// The end-to-end check: import ../shared/fixtures/saver-data (the folder and the three
/// archives) and read every kata and group of it back over HTTP, as the original serves them:
/// event counts, files, colours and diffs (docs/api.md §3, §7, §8).
/// </summary>
public abstract class FixturesEndToEndTests(StoreUnderTest store) : IAsyncLifetime
{
    private TempDirectory Temp { get; } = new("e2e");

    private SaverApp App { get; set; } = null!;

    private SaverClient Api => App.Client;

    public Task InitializeAsync()
    {
        App = store.StartApp();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        store.Dispose();
        Temp.Dispose();
    }

    private Task<JsonNode?> ReadAsync(string method, JsonObject arguments) => Api.ReadAsync(method, arguments);

    [Fact]
    public async Task Every_kata_and_group_of_the_original_reads_back_as_the_original_serves_it()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await App.Services.GetRequiredService<ImportCommand>().RunAsync(OriginalData.AllInputs, output, error, CancellationToken.None);
        Assert.True(exit == 0, error.ToString());
        Assert.Contains("195 katas (65 format 0, 67 format 1, 63 format 2), 7 groups (3 format 0, 3 format 1, 1 format 2), 0 clusters", output.ToString());

        var roots = new[] { Path.Combine(OriginalData.Folder, "cyber-dojo") }
            .Concat(OriginalData.Archives.Select((a, i) => OriginalData.Untar(a, Path.Combine(Temp.Path, "tar" + i))))
            .ToList();
        var katas = roots.SelectMany(root => OriginalData.Ids(root, "katas").Select(id => OriginalKataOnDisk.Read(root, id))).ToList();
        var groups = roots.SelectMany(root => OriginalData.Ids(root, "groups").Select(id => OriginalGroupOnDisk.Read(root, id))).ToList();
        Assert.Equal(195, katas.Count);
        Assert.Equal(7, groups.Count);

        var eventCounts = new Dictionary<string, int>();
        foreach (var kata in katas) eventCounts[kata.Id] = await KataReadsBackAsync(kata);
        foreach (var group in groups) await GroupReadsBackAsync(group, eventCounts);

        await TheSpecsFixtureFactsHoldAsync();
    }

    /// <summary>kata_exists?, kata_events, kata_event at every index, and the diff of each event from the one before.</summary>
    private async Task<int> KataReadsBackAsync(OriginalKataOnDisk kata)
    {
        var id = new JsonObject { ["id"] = kata.Id };
        Assert.True((await ReadAsync("kata_exists?", id))!.GetValue<bool>(), kata.Id);
        var manifest = (await ReadAsync("kata_manifest", new JsonObject { ["id"] = kata.Id }))!;
        Assert.Equal(kata.Version, manifest["version"]!.GetValue<int>());

        var events = (await ReadAsync("kata_events", new JsonObject { ["id"] = kata.Id }))!.AsArray();
        Assert.Equal(kata.Events.Count, events.Count);
        for (var p = 0; p < events.Count; p++)
        {
            Assert.Equal(kata.IndexAt(p), events[p]!["index"]!.GetValue<int>());
            Assert.Equal(kata.ColourAt(p), events[p]!["colour"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(kata.Events[p]["time"], events[p]!["time"]), $"{kata.Id} event {p} time");

            var index = kata.IndexAt(p);
            var read = (await ReadAsync("kata_event", new JsonObject { ["id"] = kata.Id, ["index"] = index }))!;
            var expectedFiles = kata.FilesAt(index);
            var files = read["files"]!.AsObject();
            Assert.Equal(expectedFiles.Keys, files.Select(f => f.Key).Order(StringComparer.Ordinal));
            foreach (var (name, content) in expectedFiles) Assert.Equal(content, files[name]!["content"]!.GetValue<string>());
            if (p == 0) continue;

            Assert.Equal(kata.Events[p]["colour"]!.GetValue<string>(), read["colour"]!.GetValue<string>());
            await DiffReadsBackAsync(kata, kata.IndexAt(p - 1), index);
        }
        if (events.Count == 1) await DiffReadsBackAsync(kata, 0, 0);
        return events.Count;
    }

    /// <summary>diff_lines and diff_summary of two events, against the git command line's diff of the same two file sets.</summary>
    private async Task DiffReadsBackAsync(OriginalKataOnDisk kata, int was, int now)
    {
        var arguments = new JsonObject { ["id"] = kata.Id, ["was_index"] = was, ["now_index"] = now };
        var lines = (await ReadAsync("diff_lines", arguments))!.AsArray();
        var summary = (await ReadAsync("diff_summary", (JsonObject)arguments.DeepClone()))!.AsArray();

        var wasFiles = kata.FilesAt(was);
        var nowFiles = kata.FilesAt(now);
        var changed = lines.Where(e => e!["type"]!.GetValue<string>() != "unchanged").ToList();
        if (was == now)
        {
            Assert.Empty(changed);
        }
        else
        {
            using var folder = new TempDirectory("e2e-diff");
            Diffs.GitCli.CommitTwoFileSets(folder.Path, wasFiles, nowFiles);
            var git = GitCliDiffParser.Parse(Diffs.GitCli.Run(folder.Path, "diff", "--ignore-space-at-eol", "-M", "--unified=100000", "HEAD~1", "HEAD"));
            // git shows an identical rename without a hunk; the API lists its lines as same (§3.7).
            foreach (var rename in git.Where(d => d is { HasHunk: false, Diff.Type: FileDiffType.Renamed }))
            {
                var entry = Assert.Single(changed, e => e!["new_filename"]?.GetValue<string>() == rename.Diff.NewFilename);
                Assert.Equal("renamed", entry!["type"]!.GetValue<string>());
                Assert.Equal(0, entry["line_counts"]!["added"]!.GetValue<int>() + entry["line_counts"]!["deleted"]!.GetValue<int>());
                changed.Remove(entry);
            }
            var expected = FileDiffJson.ForDiffLines(git.Where(d => d is not { HasHunk: false, Diff.Type: FileDiffType.Renamed }).Select(d => d.Diff));
            // git leaves out a change of end-of-line whitespace only, which the API lists as changed 0/0/0 with no lines (§3.7).
            changed.RemoveAll(e => e!["lines"]!.AsArray().Count == 0 && e["type"]!.GetValue<string>() == "changed" &&
                                   expected.All(x => x!["new_filename"]?.GetValue<string>() != e["new_filename"]!.GetValue<string>()));
            var actual = new JsonArray([.. changed.Select(e => e!.DeepClone())]);
            Assert.True(JsonNode.DeepEquals(expected, actual),
                $"{kata.Id} diff {was}..{now}:\nexpected {expected.ToJsonString()}\nactual   {actual.ToJsonString()}");
        }

        var unchanged = lines.Where(e => e!["type"]!.GetValue<string>() == "unchanged").Select(e => e!["new_filename"]!.GetValue<string>());
        var same = nowFiles.Where(f => wasFiles.TryGetValue(f.Key, out var before) && before == f.Value).Select(f => f.Key);
        Assert.Equal(same.Order(StringComparer.Ordinal), unchanged.Order(StringComparer.Ordinal));

        Assert.Equal(lines.Count, summary.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var withoutLines = lines[i]!.DeepClone().AsObject();
            withoutLines.Remove("lines");
            Assert.True(JsonNode.DeepEquals(withoutLines, summary[i]), $"{kata.Id} diff_summary {was}..{now} entry {i}");
        }
    }

    /// <summary>group_exists?, group_manifest and group_joined (by the group and by a member kata).</summary>
    private async Task GroupReadsBackAsync(OriginalGroupOnDisk group, Dictionary<string, int> eventCounts)
    {
        var id = new JsonObject { ["id"] = group.Id };
        Assert.True((await ReadAsync("group_exists?", id))!.GetValue<bool>(), group.Id);
        var manifest = (await ReadAsync("group_manifest", new JsonObject { ["id"] = group.Id }))!;
        Assert.Equal(group.Version, manifest["version"]!.GetValue<int>());

        var joined = (await ReadAsync("group_joined", new JsonObject { ["id"] = group.Id }))!.AsObject();
        Assert.Equal(group.Members.Keys.Select(i => i.ToString()), joined.Select(j => j.Key));
        foreach (var (index, kataId) in group.Members)
        {
            var entry = joined[index.ToString()]!;
            Assert.Equal(kataId, entry["id"]!.GetValue<string>());
            var events = entry["events"]!.AsArray();
            Assert.Equal(eventCounts[kataId], events.Count);
            // §3.3: for format 0 and 1 katas, entry 0 has no colour.
            if (group.Version < 2) Assert.Null(events[0]!["colour"]);
            else Assert.Equal("create", events[0]!["colour"]!.GetValue<string>());
        }
        var member = group.Members.First().Value;
        Assert.True(JsonNode.DeepEquals(joined, await ReadAsync("group_joined", new JsonObject { ["id"] = member })), $"group_joined of {member}");
    }

    /// <summary>What docs/api.md §7 and §8 say of the fixtures by name.</summary>
    private async Task TheSpecsFixtureFactsHoldAsync()
    {
        async Task<JsonArray> Events(string id) => (await ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        static string[] Colours(JsonArray events) => [.. events.Select(e => e!["colour"]!.GetValue<string>())];
        static double[] Durations(JsonArray events) => [.. events.Skip(1).Select(e => e!["duration"]!.GetValue<double>())];

        var v0 = await Events("5rTJv5");
        Assert.Equal(["create", "red", "amber", "green"], Colours(v0));
        Assert.Equal([0, 1, 2, 3], v0.Select(e => e!["major_index"]!.GetValue<int>()));
        Assert.All(v0, e => Assert.Equal(0, e!["minor_index"]!.GetValue<int>()));
        Assert.Equal(["red", "none", "none"], v0.Skip(1).Select(e => e!["predicted"]!.GetValue<string>()));
        Assert.Equal([1.46448, 1.031421, 1.042027], Durations(v0));
        Assert.Equal(["create", "red", "amber", "green"], Colours(await Events("k5ZTk0")));

        var v1 = await Events("5U2J18");
        Assert.Equal(["create", "red", "amber", "green"], Colours(v1));
        Assert.Equal([0.491393, 0.426736, 0.438522], Durations(v1));
        Assert.All(v1.Skip(1), e => Assert.Equal("none", e!["predicted"]!.GetValue<string>()));
        Assert.Equal(["create", "green", "green"], Colours(await Events("rUqcey")));
        Assert.Equal(["create", "red"], Colours(await Events("38w9NC")));
        Assert.Equal(["create", "red"], Colours(await Events("H8NAvN")));

        var event1 = (await ReadAsync("kata_event", new JsonObject { ["id"] = "5rTJv5", ["index"] = 1 }))!;
        Assert.Equal("1", event1["status"]!.GetValue<string>());
        Assert.Equal("red", event1["predicted"]!.GetValue<string>());
        var event0 = (await ReadAsync("kata_event", new JsonObject { ["id"] = "5rTJv5", ["index"] = 0 }))!.AsObject();
        Assert.Equal(["event", "files", "index", "time"], event0.Select(p => p.Key).Order(StringComparer.Ordinal));

        var manifest = (await ReadAsync("kata_manifest", new JsonObject { ["id"] = "5rTJv5" }))!;
        Assert.Equal(0, manifest["version"]!.GetValue<int>());
        Assert.Equal(2, manifest["tab_size"]!.GetValue<int>());
        Assert.Equal("FxWwrr", manifest["group_id"]!.GetValue<string>());
        Assert.Equal(32, manifest["group_index"]!.GetValue<int>());
        Assert.Equal(5, manifest["visible_files"]!.AsObject().Count);

        Assert.Equal("{}", (await ReadAsync("group_joined", new JsonObject { ["id"] = "H8NAvN" }))!.ToJsonString());
        foreach (var (group, free) in new[] { ("AWCQdE", "23"), ("X9UunP", "38"), ("U8Tt6y", "19") })
        {
            var joined = (await ReadAsync("group_joined", new JsonObject { ["id"] = group }))!.AsObject();
            Assert.Equal(63, joined.Count);
            Assert.False(joined.ContainsKey(free), $"{group} has {free} free");
        }
    }
}
