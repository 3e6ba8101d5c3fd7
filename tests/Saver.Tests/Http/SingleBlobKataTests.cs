using System.Net;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// A kata as earlier versions stored it (one blob, <c>repository.tar</c>, beside its
/// manifest), kept as a fixture (tests/fixtures/single-blob-kata): read as it is, and
/// converted to a log of packs by its next write, its history kept.
/// </summary>
public abstract class SingleBlobKataTests(StoreUnderTest store) : IDisposable
{
    private const string Id = "80zwzt";
    private static readonly string Fixture = Path.Combine(RepositoryRoot.Path, "tests", "fixtures", "single-blob-kata");

    public void Dispose() => store.Dispose();

    private static async Task PlaceFixtureAsync(IBlobStore blobs)
    {
        var kata = EntityId.Parse(Id);
        foreach (var name in new[] { KataLayout.ManifestBlob, KataLayout.RepositoryBlob })
            await blobs.PutAsync(KataLayout.BlobName(kata, name), await File.ReadAllBytesAsync(Path.Combine(Fixture, name)));
    }

    private static async Task<List<string>> BlobsOfAsync(IBlobStore blobs)
    {
        var prefix = KataLayout.Prefix(EntityId.Parse(Id));
        var names = new List<string>();
        await foreach (var blob in blobs.ListAsync(prefix)) names.Add(blob.Name[prefix.Length..]);
        return names;
    }

    [Fact]
    public async Task A_kata_in_the_single_blob_form_is_read_as_it_is_and_converted_by_its_next_write_with_its_history()
    {
        await using var app = store.StartApp();
        await PlaceFixtureAsync(app.Blobs);
        var recorded = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Fixture, "kata_events.json")))!;

        var events = await app.Client.GetAsync("kata_events", new JsonObject { ["id"] = Id });
        Assert.Equal(HttpStatusCode.OK, events.Status);
        Assert.True(JsonNode.DeepEquals(recorded, events.Json), events.Text);
        var renamed = (await app.Client.ReadAsync("kata_event", new JsonObject { ["id"] = Id, ["index"] = 5 }))!;
        Assert.Equal(["answer.py", "cyber-dojo.sh", "test_hiker.py"],
            renamed["files"]!.AsObject().Select(f => f.Key).Order(StringComparer.Ordinal));
        Assert.Equal([KataLayout.ManifestBlob, KataLayout.RepositoryBlob], (await BlobsOfAsync(app.Blobs)).Order(StringComparer.Ordinal));

        var files = renamed["files"]!.AsObject().ToDictionary(f => f.Key, f => f.Value!["content"]!.GetValue<string>());
        await app.Client.WriteAsync("kata_ran_tests", RanTests(Id, files, "amber", LaptopA, 4));

        var names = await BlobsOfAsync(app.Blobs);
        Assert.DoesNotContain(KataLayout.RepositoryBlob, names);
        Assert.Contains(names, name => name.StartsWith("repository/log.", StringComparison.Ordinal));
        Assert.Contains(KataLayout.ManifestBlob, names);

        await using var fresh = store.StartApp();
        var after = (await fresh.Client.ReadAsync("kata_events", new JsonObject { ["id"] = Id }))!.AsArray();
        Assert.Equal(7, after.Count);
        Assert.True(JsonNode.DeepEquals(recorded["kata_events"], new JsonArray([.. after.Take(6).Select(e => e!.DeepClone())])));
        Assert.Equal("amber", after[6]!["colour"]!.GetValue<string>());
        using var temp = new TempDirectory("fsck");
        var git = await StoredRepository.UnpackAsync(fresh.Blobs, Id, Path.Combine(temp.Path, Id));
        GitCli.Run(git, "--git-dir", git, "fsck", "--strict", "--no-dangling");
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6"], GitCli.Lines(GitCli.Run(git, "--git-dir", git, "tag")).Order(StringComparer.Ordinal));
    }
}

public sealed class LocalDirectorySingleBlobKataTests() : SingleBlobKataTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureSingleBlobKataTests(AzuriteFixture azurite) : SingleBlobKataTests(StoreUnderTest.Azure(azurite));
