using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>HTTP tests that each start the real app on a store of their own (see OnEachStore.cs), with helpers to make katas.</summary>
public abstract class OneAppPerTest(StoreUnderTest store) : IAsyncLifetime
{
    protected SaverApp App { get; private set; } = null!;

    protected SaverClient Api => App.Client;

    /// <summary>
    /// Another app on this test's store (the one <see cref="App"/> is on), with <paramref name="settings"/>
    /// added to the store's own and its blob store wrapped by <paramref name="decorateStore"/>, if given.
    /// </summary>
    protected SaverApp StartApp(IReadOnlyDictionary<string, string?>? settings = null, Func<IBlobStore, IBlobStore>? decorateStore = null) =>
        store.StartApp(settings, decorateStore);

    /// <summary>Settings the test's app starts with, beside the store's own.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? AppSettings => null;

    public Task InitializeAsync()
    {
        App = StartApp(AppSettings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        store.Dispose();
    }

    protected async Task<string> CreateKataAsync(JsonObject manifest) =>
        (await Api.WriteAsync("kata_create", new JsonObject { ["manifest"] = manifest }))!.GetValue<string>();

    /// <summary>A kata like Tennis (display name, exercise, options) whose visible files are <paramref name="files"/>.</summary>
    protected Task<string> CreateKataAsync(IReadOnlyDictionary<string, string> files)
    {
        var manifest = TennisManifest();
        manifest["visible_files"] = FilesJson(files);
        return CreateKataAsync(manifest);
    }

    /// <summary>A red run with <paramref name="files"/>: the next event has exactly these files.</summary>
    protected Task RunAsync(string id, IReadOnlyDictionary<string, string> files, int tabSeq, string colour = "red") =>
        Api.WriteAsync("kata_ran_tests", RanTests(id, files, colour, LaptopA, tabSeq));

    protected async Task<JsonArray> EventsAsync(string id) =>
        (await Api.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();

    protected async Task<JsonNode> FilesAtAsync(string id, int index) =>
        (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = index }))!["files"]!;

    protected async Task<List<string>> BlobNamesAsync(string prefix = "")
    {
        var names = new List<string>();
        await foreach (var blob in App.Blobs.ListAsync(prefix)) names.Add(blob.Name);
        return names;
    }

    protected static void AssertJsonEqual(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected {expected?.ToJsonString()}\nactual   {actual?.ToJsonString()}");
}
