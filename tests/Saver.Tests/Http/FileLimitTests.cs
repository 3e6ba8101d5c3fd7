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
public abstract class FileLimitTests(StoreUnderTest store) : OneAppPerTest(store)
{
    private const int MaxFiles = 6;
    private const int MaxFileBytes = 1000;

    protected override IReadOnlyDictionary<string, string?> AppSettings => new Dictionary<string, string?>
    {
        ["Saver:MaxFiles"] = MaxFiles.ToString(),
        ["Saver:MaxFileBytes"] = MaxFileBytes.ToString(),
    };

    private static Dictionary<string, string> Files(int count, int bytes = 10) =>
        Enumerable.Range(0, count).ToDictionary(i => $"f{i}.txt", _ => new string('x', bytes));

    /// <summary>Every blob with its ETag: what "nothing stored" compares.</summary>
    private async Task<List<string>> BlobVersionsAsync()
    {
        var versions = new List<string>();
        await foreach (var blob in App.Blobs.ListAsync("")) versions.Add(blob.Name + " " + blob.ETag);
        return versions;
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
        var id = await CreateKataAsync(Files(2));
        var before = await BlobVersionsAsync();
        var files = Files(count, bytes);
        var arguments = RanTests(id, files, "red", LaptopA, 1);

        var answer = form == "json"
            ? await Api.PostAsync("kata_ran_tests", arguments)
            : await Api.PostBytesAsync("kata_ran_tests", PrepackedTgz.LikeABrowser(PrepackedTgz.EventJson(arguments), files));

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal(message, answer.Exception);
        Assert.Equal(before, await BlobVersionsAsync());
        Assert.Single(await EventsAsync(id));
    }

    [Fact]
    public async Task At_the_limits_a_write_is_stored_in_either_form()
    {
        var id = await CreateKataAsync(Files(2));
        var files = Files(MaxFiles, MaxFileBytes);
        await Api.WriteAsync("kata_ran_tests", RanTests(id, files, "red", LaptopA, 1));
        files["f0.txt"] = new string('y', MaxFileBytes);
        var tgz = await Api.PostBytesAsync("kata_ran_tests",
            PrepackedTgz.LikeABrowser(PrepackedTgz.EventJson(RanTests(id, files, "green", LaptopA, 2)), files));
        Assert.Equal(HttpStatusCode.OK, tgz.Status);
        Assert.Equal(MaxFiles, (await FilesAtAsync(id, -1)).AsObject().Count);
    }

    [Fact]
    public async Task A_kata_whose_visible_files_are_beyond_the_limit_is_not_created()
    {
        var before = await BlobVersionsAsync();
        var manifest = TennisManifest();
        manifest["visible_files"] = FilesJson(Files(MaxFiles + 1));

        var answer = await Api.PostAsync("kata_create", new JsonObject { ["manifest"] = manifest });

        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.Equal($"manifest.visible_files holds {MaxFiles + 1} files, more than the {MaxFiles} Saver:MaxFiles allows", answer.Exception);
        Assert.Equal(before, await BlobVersionsAsync());
    }
}

public sealed class LocalDirectoryFileLimitTests() : FileLimitTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureFileLimitTests(AzuriteFixture azurite) : FileLimitTests(StoreUnderTest.Azure(azurite));
