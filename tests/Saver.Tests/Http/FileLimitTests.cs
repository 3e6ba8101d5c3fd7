using System.Net;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// One limit on the number of files and one on the size of a file, whichever way a call
/// brings them (a JSON body or a prepacked tgz): beyond either, 400 naming the setting, and
/// nothing stored. Small limits here, so the tests stay quick.
/// </summary>
public abstract class FileLimitTests(StoreUnderTest store) : IAsyncLifetime
{
    private const int MaxFiles = 6;
    private const int MaxFileBytes = 1000;

    private SaverApp _app = null!;

    public Task InitializeAsync()
    {
        _app = store.StartApp(new Dictionary<string, string?>
        {
            ["Saver:MaxFiles"] = MaxFiles.ToString(),
            ["Saver:MaxFileBytes"] = MaxFileBytes.ToString(),
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        store.Dispose();
    }

    private static Dictionary<string, string> Files(int count, int bytes = 10) =>
        Enumerable.Range(0, count).ToDictionary(i => $"f{i}.txt", _ => new string('x', bytes));

    private async Task<List<string>> BlobNamesAsync()
    {
        var names = new List<string>();
        await foreach (var blob in _app.Blobs.ListAsync("")) names.Add(blob.Name + " " + blob.ETag);
        return names;
    }

    private async Task<string> CreateAsync(IReadOnlyDictionary<string, string> files)
    {
        var manifest = TennisManifest();
        manifest["visible_files"] = FilesJson(files);
        return (await _app.Client.WriteAsync("kata_create", new JsonObject { ["manifest"] = manifest }))!.GetValue<string>();
    }

    public static TheoryData<string, int, int, string> Beyond => new()
    {
        { "json", MaxFiles + 1, 10, $"files holds {MaxFiles + 1} files, more than the {MaxFiles} Saver:MaxFiles allows" },
        { "tgz", MaxFiles + 1, 10, $"files holds {MaxFiles + 1} files, more than the {MaxFiles} Saver:MaxFiles allows" },
        { "json", 2, MaxFileBytes + 1, $"files[\"f0.txt\"] is {MaxFileBytes + 1} bytes, more than the {MaxFileBytes} Saver:MaxFileBytes allows" },
        { "tgz", 2, MaxFileBytes + 1, $"files[\"f0.txt\"] is {MaxFileBytes + 1} bytes, more than the {MaxFileBytes} Saver:MaxFileBytes allows" },
    };

    [Theory]
    [MemberData(nameof(Beyond))]
    public async Task A_write_beyond_a_file_limit_is_400_naming_it_in_either_form_and_stores_nothing(string form, int count, int bytes, string message)
    {
        var id = await CreateAsync(Files(2));
        var before = await BlobNamesAsync();
        var files = Files(count, bytes);
        var arguments = RanTests(id, files, "red", LaptopA, 1);

        var answer = form == "json"
            ? await _app.Client.PostAsync("kata_ran_tests", arguments)
            : await _app.Client.PostBytesAsync("kata_ran_tests", PrepackedTgz.LikeABrowser(PrepackedTgz.EventJson(arguments), files));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(message, answer.Exception);
        Assert.Equal(before, await BlobNamesAsync());
        Assert.Single((await _app.Client.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray());
    }

    [Fact]
    public async Task At_the_limits_a_write_is_stored_in_either_form()
    {
        var id = await CreateAsync(Files(2));
        var files = Files(MaxFiles, MaxFileBytes);
        await _app.Client.WriteAsync("kata_ran_tests", RanTests(id, files, "red", LaptopA, 1));
        files["f0.txt"] = new string('y', MaxFileBytes);
        var tgz = await _app.Client.PostBytesAsync("kata_ran_tests",
            PrepackedTgz.LikeABrowser(PrepackedTgz.EventJson(RanTests(id, files, "green", LaptopA, 2)), files));
        Assert.Equal(HttpStatusCode.OK, tgz.Status);
        Assert.Equal(MaxFiles, (await _app.Client.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = -1 }))!["files"]!.AsObject().Count);
    }

    [Fact]
    public async Task A_kata_whose_visible_files_are_beyond_the_limit_is_not_created()
    {
        var before = await BlobNamesAsync();
        var manifest = TennisManifest();
        manifest["visible_files"] = FilesJson(Files(MaxFiles + 1));

        var answer = await _app.Client.PostAsync("kata_create", new JsonObject { ["manifest"] = manifest });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal($"manifest.visible_files holds {MaxFiles + 1} files, more than the {MaxFiles} Saver:MaxFiles allows", answer.Exception);
        Assert.Equal(before, await BlobNamesAsync());
    }
}

public sealed class LocalDirectoryFileLimitTests() : FileLimitTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureFileLimitTests(AzuriteFixture azurite) : FileLimitTests(StoreUnderTest.Azure(azurite));
