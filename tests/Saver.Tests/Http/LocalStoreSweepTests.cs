using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Saver.Functions.Hosting;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>The app on a local store clears away the data files a crash left, in the background, and nothing of its katas.</summary>
public sealed class LocalStoreSweepTests : IDisposable
{
    private static readonly TimeSpan RealTimeLimit = TimeSpan.FromSeconds(30);

    private readonly TempDirectory _data = new("sweep-data");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task The_app_sweeps_away_data_files_no_blob_names_soon_after_it_starts_and_its_katas_read_and_write_as_before()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var appends = Path.Combine(_data.Path, "appends");
        Directory.CreateDirectory(appends);
        var orphan = Path.Combine(appends, Guid.NewGuid().ToString("N") + ".data");
        await File.WriteAllTextAsync(orphan, "left by a crash");
        var twoHoursAgo = clock.GetUtcNow().UtcDateTime - TimeSpan.FromHours(2);
        File.SetLastWriteTimeUtc(orphan, twoHoursAgo);
        await using var app = SaverApp.Start(new Dictionary<string, string?> { ["Saver:Store"] = "local", ["Saver:DataDirectory"] = _data.Path },
            configureServices: services => services.AddSingleton<TimeProvider>(clock));
        var id = (await app.Client.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        await app.Client.WriteAsync("kata_ran_tests", RanTests(id, new Dictionary<string, string> { ["hiker.py"] = "answer = 42" }, "red", LaptopA, 1));
        var kept = Directory.EnumerateFiles(appends).Where(f => f != orphan).ToList();
        Assert.NotEmpty(kept);
        foreach (var file in kept) File.SetLastWriteTimeUtc(file, twoHoursAgo);
        var before = await EventsAsync(app, id);

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (File.Exists(orphan))
        {
            Assert.True(waited.Elapsed < RealTimeLimit, "the orphaned data file is still there");
            // The sweeper may not be waiting on the clock yet; moving it on again does no harm.
            clock.Advance(LocalStoreSweeper.FirstSweepAfter);
            await Task.Delay(50);
        }

        Assert.Equal(kept.Order(), Directory.EnumerateFiles(appends).Order());
        Assert.True(JsonNode.DeepEquals(before, await EventsAsync(app, id)));
        await app.Client.WriteAsync("kata_ran_tests", RanTests(id, new Dictionary<string, string> { ["hiker.py"] = "answer = 54" }, "green", LaptopA, 2));
        var after = await EventsAsync(app, id);
        Assert.True(after.Count > before.Count);
        Assert.Equal("green", after[^1]!["colour"]!.GetValue<string>());
    }

    private static async Task<JsonArray> EventsAsync(SaverApp app, string id) =>
        (await app.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
}
