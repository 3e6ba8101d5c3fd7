using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Saver.Functions.Api;
using Saver.Storage.Git;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// A store that does not answer is the store's trouble, not the request's and not a fault of
/// ours: every call answers 503 with a Retry-After, changes nothing, and works again once the
/// store is back.
/// </summary>
public abstract class StoreOutageTests(StoreUnderTest store) : IDisposable
{
    public void Dispose() => store.Dispose();

    [Fact]
    public async Task While_the_store_does_not_answer_reads_and_writes_answer_503_with_retry_after_and_change_nothing()
    {
        OutOfReachBlobStore? reach = null;
        await using var app = store.StartApp(decorateStore: blobs => reach = new OutOfReachBlobStore(blobs));
        var id = (await app.Client.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>();
        await app.Client.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, 1));
        await app.Services.GetRequiredService<RepositoryStore>().WhenSettledAsync();

        reach!.IsDown = true;
        var answers = new[]
        {
            await app.Client.PostAsync("kata_ran_tests", RanTests(id, TennisFiles(), "green", LaptopA, 2)),
            await app.Client.GetAsync("kata_events", new JsonObject { ["id"] = id }),
            await app.Client.GetAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = 1 }),
            await app.Client.PostAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }),
            await app.Client.GetAsync("kata_exists", new JsonObject { ["id"] = id }),
        };
        Assert.All(answers, answer =>
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.Equal(ApiErrors.RetryAfter, answer.RetryAfter);
            Assert.Contains("did not answer", answer.Exception);
        });

        reach.IsDown = false;
        var events = (await app.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(["create", "red"], events.Select(e => e!["colour"]!.GetValue<string>()));
        await app.Client.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "green", LaptopA, 2));
        await using var other = store.StartApp();
        events = (await other.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(["create", "red", "green"], events.Select(e => e!["colour"]!.GetValue<string>()));
    }
}

public sealed class LocalDirectoryStoreOutageTests() : StoreOutageTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureStoreOutageTests(AzuriteFixture azurite) : StoreOutageTests(StoreUnderTest.Azure(azurite));

/// <summary>
/// A real outage: Azurite stopped and started again under a stream of writes and reads. It has
/// an Azurite of its own, since it stops it.
/// </summary>
public sealed class AzuriteRestartTests : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();

    public Task InitializeAsync() => _azurite.InitializeAsync();

    public Task DisposeAsync() => _azurite.DisposeAsync();

    private sealed record Answer(string Kata, string Method, int? TabSeq, HttpStatusCode Status, TimeSpan? RetryAfter, string Text, bool AfterRestart);

    [Fact]
    public async Task A_store_restarted_under_writes_and_reads_gives_only_200_and_503_and_keeps_every_write_answered_200()
    {
        using var store = StoreUnderTest.Azure(_azurite);
        await using var app = store.StartApp();
        var katas = new List<string>();
        for (var i = 0; i < 4; i++)
            katas.Add((await app.Client.WriteAsync("kata_create", new JsonObject { ["manifest"] = TennisManifest() }))!.GetValue<string>());

        var answers = new ConcurrentQueue<Answer>();
        var restarted = false;
        using var stop = new CancellationTokenSource();
        async Task StreamAsync(string kata)
        {
            for (var tabSeq = 1; !stop.IsCancellationRequested; tabSeq++)
            {
                var files = TennisFiles();
                files["tennis.py"] += $"# {tabSeq}\n";
                var after = Volatile.Read(ref restarted);
                var write = await app.Client.PostAsync("kata_ran_tests", RanTests(kata, files, "red", LaptopA, tabSeq));
                answers.Enqueue(new Answer(kata, "kata_ran_tests", tabSeq, write.Status, write.RetryAfter, write.Text, after));
                var read = await app.Client.GetAsync("kata_events", new JsonObject { ["id"] = kata });
                answers.Enqueue(new Answer(kata, "kata_events", null, read.Status, read.RetryAfter, read.Text, after));
                if (write.Status != HttpStatusCode.OK) await Task.Delay(100);
            }
        }
        var streams = katas.Select(kata => Task.Run(() => StreamAsync(kata))).ToList();

        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await _azurite.StopAsync();
        // Longer than a write can take to give up: the SDK's retries (about 3.6 s at most), after
        // waiting for the kata's writer lock behind maintenance giving up the same way.
        await Task.Delay(TimeSpan.FromSeconds(8));
        await _azurite.StartAgainAsync();
        Volatile.Write(ref restarted, true);
        // Long enough for a lease left behind by a write the outage cut short to run out (15 s).
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(40)
               && !katas.All(kata => answers.Any(a => a.Kata == kata && a.AfterRestart && a.Method == "kata_ran_tests" && a.Status == HttpStatusCode.OK)))
            await Task.Delay(250);
        stop.Cancel();
        await Task.WhenAll(streams);
        await app.Services.GetRequiredService<RepositoryStore>().WhenSettledAsync();

        var all = answers.ToList();
        Assert.All(all, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable,
            $"{a.Method} of {a.Kata} answered {(int)a.Status}: {a.Text}"));
        var unavailable = all.Where(a => a.Status == HttpStatusCode.ServiceUnavailable).ToList();
        Assert.NotEmpty(unavailable);
        Assert.All(unavailable, a =>
        {
            Assert.Equal(ApiErrors.RetryAfter, a.RetryAfter);
            Assert.NotNull(JsonNode.Parse(a.Text)!["exception"]);
        });
        foreach (var kata in katas)
            Assert.Contains(all, a => a.Kata == kata && a.AfterRestart && a.Method == "kata_ran_tests" && a.Status == HttpStatusCode.OK);

        // Every write answered 200 is there, once, read by an instance that never saw the outage.
        await using var fresh = store.StartApp();
        foreach (var kata in katas)
        {
            var events = (await fresh.Client.ReadAsync("kata_events", new JsonObject { ["id"] = kata }))!.AsArray();
            Assert.Equal(Enumerable.Range(0, events.Count), events.Select(e => e!["index"]!.GetValue<int>()));
            // Each save is a file_edit event and a red one with its tab_seq.
            var stored = events.Where(e => e!["colour"]!.GetValue<string>() == "red").Select(e => e!["tab_seq"]!.GetValue<int>()).ToList();
            Assert.Equal(stored.Distinct().Count(), stored.Count);
            var acknowledged = all.Where(a => a.Kata == kata && a.Method == "kata_ran_tests" && a.Status == HttpStatusCode.OK).Select(a => a.TabSeq!.Value);
            Assert.Empty(acknowledged.Except(stored));
        }
    }
}
