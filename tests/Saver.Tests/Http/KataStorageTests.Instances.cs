using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

// Many instances on one kata, and a store that lost what it acknowledged, seen through HTTP.
public abstract partial class KataStorageTests
{
    private static Task SettledAsync(SaverApp app) => app.Services.GetRequiredService<RepositoryStore>().WhenSettledAsync();

    private static async Task<JsonArray> EventsAsync(SaverApp app, string id) =>
        (await app.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();

    [Fact]
    public async Task Three_instances_writing_one_kata_at_once_while_they_maintain_it_lose_no_event_and_duplicate_none()
    {
        // Maintenance every few records, so that seals and merges race the writes.
        var often = new Dictionary<string, string?> { ["Saver:CompactAfterRecords"] = "3" };
        await using var first = StartApp(settings: often);
        await using var second = StartApp(settings: often);
        await using var third = StartApp(settings: often);
        SaverApp[] instances = [first, second, third];
        var id = await CreateAsync(first);

        var writes = SoakScale.Times(30);
        var answers = await Task.WhenAll(Enumerable.Range(1, writes).Select(tabSeq =>
            instances[tabSeq % 3].Client.PostAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, tabSeq))));
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.Status));
        foreach (var instance in instances) await SettledAsync(instance);

        await using var fresh = StartApp();
        var events = await EventsAsync(fresh, id);
        Assert.Equal(Enumerable.Range(0, writes + 1), events.Select(e => e!["index"]!.GetValue<int>()));
        Assert.Equal(Enumerable.Range(1, writes), events.Skip(1).Select(e => e!["tab_seq"]!.GetValue<int>()).Order());
        foreach (var instance in instances)
            Assert.True(JsonNode.DeepEquals(events, await EventsAsync(instance, id)), "every instance reads the same history");

        var layout = new RepositoryLayout(KataLayout.RepositoryName(EntityId.Parse(id)));
        Assert.NotEqual(layout.Log(RepositoryLayout.FirstLog), await StoredRepository.LogNameAsync(fresh.Blobs, id));
        using var temp = new TempDirectory("fsck");
        var git = await UnpackAsync(fresh, id, temp);
        GitCli.Run(git, "--git-dir", git, "fsck", "--strict", "--no-dangling");
        Assert.Equal(writes + 1, GitCli.Lines(GitCli.Run(git, "--git-dir", git, "tag")).Length);
        Assert.Equal(writes + 1, GitCli.Lines(GitCli.Run(git, "--git-dir", git, "log", "--format=%s", "main")).Length);
    }

    [Fact]
    public async Task A_reader_polling_while_three_instances_write_and_maintain_one_kata_only_ever_sees_its_history_grow()
    {
        var often = new Dictionary<string, string?> { ["Saver:CompactAfterRecords"] = "3" };
        await using var first = StartApp(settings: often);
        await using var second = StartApp(settings: often);
        await using var third = StartApp(settings: often);
        await using var reader = StartApp(settings: often);
        SaverApp[] writers = [first, second, third];
        var id = await CreateAsync(first);
        var writesEach = SoakScale.Times(20);
        var writing = Task.WhenAll(writers.Select((writer, w) => Task.Run(async () =>
        {
            for (var k = 0; k < writesEach; k++)
            {
                var tabSeq = 1 + w + writers.Length * k;
                var files = new Dictionary<string, string>(TennisFiles()) { ["hiker.py"] = $"answer = {tabSeq}\n" };
                await writer.Client.WriteAsync("kata_ran_tests", RanTests(id, files, k % 2 == 0 ? "red" : "green", LaptopA, tabSeq));
            }
        })));

        var seen = new List<JsonArray>();
        do
        {
            var events = await EventsAsync(reader, id);
            seen.Add(events);
            // The newest event it lists is there to read, whole.
            var newest = await reader.Client.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = events.Count - 1 });
            Assert.NotNull(newest!["files"]);
        } while (!writing.IsCompleted);
        await writing;

        foreach (var (before, after) in seen.Zip(seen.Skip(1)))
        {
            Assert.True(after.Count >= before.Count, $"the history went from {before.Count} events to {after.Count}");
            Assert.True(JsonNode.DeepEquals(before, new JsonArray(after.Take(before.Count).Select(e => e!.DeepClone()).ToArray())),
                "an event already seen changed");
        }
        Assert.All(seen, events => Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e!["index"]!.GetValue<int>())));
        // A save whose files changed is two events (the edit, then the run), seen together or not at all.
        Assert.All(seen, events => Assert.NotEqual("file_edit", events[^1]!["colour"]!.GetValue<string>()));
        var final = await EventsAsync(reader, id);
        Assert.Equal(Enumerable.Range(1, writers.Length * writesEach),
            final.Where(e => e!["colour"]!.GetValue<string>() is "red" or "green").Select(e => e!["tab_seq"]!.GetValue<int>()).Order());
    }

    [Fact]
    public async Task A_kata_that_went_back_in_the_store_refuses_writes_with_503_and_an_error_naming_it_and_serves_reads()
    {
        var logged = new ListLogger();
        await using var app = StartApp(configureServices: services => services.AddSingleton<ILoggerProvider>(new ListLoggerProvider(logged)));
        var id = await CreateAsync(app);
        await app.Client.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, 1));
        var log = await StoredRepository.LogNameAsync(app.Blobs, id);
        var backup = (await app.Blobs.GetAsync(log))!.Content.ToArray();
        await app.Client.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "amber", LaptopA, 2));
        await SettledAsync(app);

        // The store is restored from a backup taken before event 2, which this instance acknowledged.
        await app.Blobs.CreateAppendBlobAsync(log);
        await app.Blobs.AppendAsync(log, backup);

        var refused = await app.Client.PostAsync("kata_ran_tests", RanTests(id, TennisFiles(), "green", LaptopA, 3));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.Status);
        Assert.Contains("went back", refused.Exception);
        Assert.Equal(ApiErrorsRetryAfter, refused.RetryAfter);
        Assert.Contains(logged.Entries, entry => entry.Level == LogLevel.Error && entry.Message.Contains(KataLayout.Prefix(EntityId.Parse(id)))
            && entry.Message.Contains("went back"));

        Assert.Equal(["create", "red"], (await EventsAsync(app, id)).Select(e => e!["colour"]!.GetValue<string>()));
        await using var other = StartApp();
        Assert.Equal(["create", "red"], (await EventsAsync(other, id)).Select(e => e!["colour"]!.GetValue<string>()));
    }

    private static readonly TimeSpan ApiErrorsRetryAfter = Saver.Functions.Api.ApiErrors.RetryAfter;
}
