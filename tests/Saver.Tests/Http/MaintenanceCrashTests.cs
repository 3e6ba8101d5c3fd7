using Xunit.Abstractions;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Saver.Storage.Git;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// Maintenance runs after the answer, so a process may die in the middle of it at any time.
/// Here the real app, in a process of its own, is killed with SIGKILL at a sweep of moments
/// after the save that starts maintenance (sealing the log, uploading its pack, making the
/// next log, moving the head, deleting old logs): whatever step it reached, no acknowledged
/// event is lost, the kata stays writable, and the next instance's maintenance finishes the job.
/// </summary>
public abstract class MaintenanceCrashTests(StoreUnderTest store, ITestOutputHelper output) : IDisposable
{
    public void Dispose() => store.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // a group member, whose logs are under its group
    public async Task An_instance_killed_at_any_moment_of_maintenance_loses_no_acknowledged_event_and_leaves_the_kata_writable(bool groupMember)
    {
        using var caches = new TempDirectory("caches");
        string? id = null;
        var acknowledged = new List<int>();
        var tabSeq = 0;
        foreach (var delay in new[] { 0, 3, 8, 15, 30, 60, 120 })
        {
            var settings = store.Settings.Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!);
            settings["Saver:CompactAfterRecords"] = "2";
            settings["Saver:CacheDirectory"] = Path.Combine(caches.Path, $"after-{delay}ms");
            using var saver = await StandaloneSaver.StartAsync(settings);
            id ??= await CreateKataAsync(saver.Client, groupMember);
            // Two saves fill the log (a save is two records: a file edit and a test run); the
            // second one's answer starts maintenance, and the kill lands inside it.
            for (var save = 0; save < 2; save++)
            {
                tabSeq++;
                var files = TennisFiles();
                files["tennis.py"] += $"# save {tabSeq}\n";
                await saver.Client.WriteAsync("kata_ran_tests", RanTests(id, files, "red", LaptopA, tabSeq));
                acknowledged.Add(tabSeq);
            }
            await Task.Delay(delay);
            await saver.KillAsync();
            output.WriteLine($"killed {delay} ms after the answer: {await RepositoryBlobsAsync(id)}");
        }

        await using var app = store.StartApp(new Dictionary<string, string?> { ["Saver:CompactAfterRecords"] = "2" });
        var events = (await app.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e!["index"]!.GetValue<int>()));
        Assert.Equal(acknowledged, events.Where(e => e!["colour"]!.GetValue<string>() == "red").Select(e => e!["tab_seq"]!.GetValue<int>()));

        await app.Client.WriteAsync("kata_ran_tests", RanTests(id!, TennisFiles(), "green", LaptopA, ++tabSeq));
        await app.Services.GetRequiredService<RepositoryStore>().WhenSettledAsync();
        await using var fresh = store.StartApp();
        var after = (await fresh.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(events.Count + 2, after.Count);
        Assert.Equal("green", after[^1]!["colour"]!.GetValue<string>());
        // Maintenance went on past the first log, in the folder the kata keeps its logs in.
        var log = await StoredRepository.LogNameAsync(fresh.Blobs, id!);
        Assert.Equal(groupMember, log.StartsWith("groups/", StringComparison.Ordinal));
        Assert.True(RepositoryLayout.Generation(log) > 1, log);
        using var temp = new TempDirectory("fsck");
        var git = await StoredRepository.UnpackAsync(fresh.Blobs, id!, Path.Combine(temp.Path, id!));
        GitCli.Run(git, "--git-dir", git, "fsck", "--strict", "--no-dangling");
        Assert.Equal(after.Count, GitCli.Lines(GitCli.Run(git, "--git-dir", git, "tag")).Length);
    }

    private static async Task<string> CreateKataAsync(SaverClient client, bool groupMember)
    {
        if (!groupMember) return (await client.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        var group = (await client.WriteAsync("group_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        return (await client.WriteAsync("group_join", new JsonObject { ["id"] = group }))!.GetValue<string>();
    }

    /// <summary>What the kill left of the kata's repository, to see which step of maintenance it reached.</summary>
    private async Task<string> RepositoryBlobsAsync(string id)
    {
        await using var app = store.StartApp();
        var prefix = Saver.Storage.Katas.KataLayout.Prefix(Saver.Storage.Ids.EntityId.Parse(id)) + "repository/";
        var names = new List<string>();
        await foreach (var blob in Saver.Storage.Blobs.BlobStoreExtensions.ListAsync(app.Blobs, prefix)) names.Add($"{blob.Name[prefix.Length..]}({blob.Length})");
        return string.Join(" ", names) + " logs in " + await StoredRepository.LogNameAsync(app.Blobs, id);
    }
}

public sealed class LocalDirectoryMaintenanceCrashTests(ITestOutputHelper output) : MaintenanceCrashTests(StoreUnderTest.LocalDirectory(), output);

[Collection(AzuriteCollection.Name)]
public sealed class AzureMaintenanceCrashTests(AzuriteFixture azurite, ITestOutputHelper output) : MaintenanceCrashTests(StoreUnderTest.Azure(azurite), output);
