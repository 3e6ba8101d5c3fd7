using System.Formats.Tar;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Saver.Functions.Hosting;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Import;

/// <summary>
/// An app with the fixture folder and the three archives imported once, through the command the
/// command line runs, for the tests that only read what was imported. The inputs are also
/// extracted with the tar command, as the expected side.
/// </summary>
public abstract class ImportedFixtures : IAsyncLifetime
{
    protected TempDirectory Temp { get; } = new("imported");

    public SaverApp App { get; private set; } = null!;

    public int ExitCode { get; private set; }

    public string Output { get; private set; } = "";

    public string Error { get; private set; } = "";

    /// <summary>The cyber-dojo/ folders of the inputs, the fixture folder's first, then the archives' (tar-extracted) in order.</summary>
    public IReadOnlyList<string> Roots { get; private set; } = [];

    protected abstract Task<SaverApp> StartAppAsync();

    public async Task InitializeAsync()
    {
        App = await StartAppAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();
        ExitCode = await App.Services.GetRequiredService<ImportCommand>().RunAsync(OriginalData.AllInputs, output, error, CancellationToken.None);
        (Output, Error) = (output.ToString(), error.ToString());
        Roots = [Path.Combine(OriginalData.Folder, "cyber-dojo"),
            .. OriginalData.Archives.Select((a, i) => OriginalData.Untar(a, Path.Combine(Temp.Path, "tar" + i)))];
    }

    public virtual async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Temp.Dispose();
    }
}

public sealed class LocalDirectoryImportedFixtures : ImportedFixtures
{
    protected override Task<SaverApp> StartAppAsync() => Task.FromResult(SaverApp.OnLocalDirectory(Path.Combine(Temp.Path, "data")));
}

/// <summary>With an Azurite of its own, so this class runs beside the other Azure suites.</summary>
public sealed class AzureImportedFixtures : ImportedFixtures
{
    private readonly AzuriteFixture _azurite = new();

    protected override async Task<SaverApp> StartAppAsync()
    {
        await _azurite.InitializeAsync();
        return SaverApp.OnAzure(_azurite.ConnectionString, AzuriteFixture.NewContainerName());
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}

/// <summary>
/// What the import of all the original's fixtures stored, read beneath the API and over HTTP:
/// all of it there, as the original keeps it; format-2 katas served as the original serves them
/// and their repositories accepted by git; a second import adds and changes nothing.
/// </summary>
public abstract class ImportedFixturesTests<TFixture>(TFixture imported) : IClassFixture<TFixture> where TFixture : ImportedFixtures
{
    private SaverApp App => imported.App;

    private SaverClient Api => App.Client;

    private string V2Root => imported.Roots[3];

    private async Task<Dictionary<string, ETag>> StoredBlobsAsync()
    {
        var blobs = new Dictionary<string, ETag>(StringComparer.Ordinal);
        await foreach (var item in App.Blobs.ListAsync("")) blobs[item.Name] = item.ETag;
        return blobs;
    }

    [Fact]
    public async Task The_fixture_folder_and_the_three_archives_are_stored_as_the_original_keeps_them()
    {
        Assert.True(imported.ExitCode == 0, imported.Error);
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var root in imported.Roots) expected.UnionWith(OriginalData.ExpectedBlobs(root));
        Assert.Equal(expected, new SortedSet<string>((await StoredBlobsAsync()).Keys, StringComparer.Ordinal));
        Assert.Equal(
            $"saver: imported {string.Join(", ", OriginalData.AllInputs)}: 195 katas (65 format 0, 67 format 1, 63 format 2), " +
            $"7 groups (3 format 0, 3 format 1, 1 format 2), 0 clusters; {expected.Count} blobs created, 0 already present, 0 entries skipped\n",
            imported.Output);

        var katas = imported.Roots.SelectMany(root => OriginalData.Ids(root, "katas")).ToList();
        Assert.Equal(195, katas.Count);
        foreach (var kata in katas)
            Assert.True((await Api.ReadAsync("kata_exists?", new JsonObject { ["id"] = kata }))!.GetValue<bool>(), kata);
        var groups = imported.Roots.SelectMany(root => OriginalData.Ids(root, "groups")).ToList();
        Assert.Equal(["AWCQdE", "FxWwrr", "LyQpFr", "REf1t8", "U8Tt6y", "X9UunP", "chy6BJ"], groups.Order(StringComparer.Ordinal));
        foreach (var group in groups)
            Assert.True(await App.Blobs.AnyAsync(EntityId.Parse(group).PathUnder(EntityKind.Group)), group);
    }

    [Fact]
    public async Task Files_are_stored_byte_for_byte()
    {
        foreach (var root in imported.Roots)
        {
            foreach (var name in OriginalData.ExpectedBlobs(root).Where(n => !n.EndsWith("/repository.tar")))
            {
                var stored = await App.Blobs.GetAsync(name);
                Assert.NotNull(stored);
                var onDisk = name.EndsWith("/.dir") ? [] : await File.ReadAllBytesAsync(Path.Combine(root, name));
                Assert.True(onDisk.AsSpan().SequenceEqual(stored.Content.Span), name);
            }
        }
    }

    [Fact]
    public async Task Format2_katas_read_back_as_the_original_serves_them()
    {
        var katas = OriginalData.Ids(V2Root, "katas");
        Assert.Equal(63, katas.Count);

        foreach (var id in katas)
        {
            // These katas are at event 0, where the original's working tree is what tag 0 holds.
            var kata = Path.GetDirectoryName(OriginalData.GitFolderOf(V2Root, id))!;
            if (id == katas[0]) GitCli.Run(kata, "--git-dir", Path.Combine(kata, ".git"), "--work-tree", kata, "diff", "--quiet", "0", "--");

            var created = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(kata, "events.json")))!.AsArray()[0]!;
            var events = Assert.IsType<JsonArray>(await Api.ReadAsync("kata_events", new JsonObject { ["id"] = id }));
            var only = Assert.IsType<JsonObject>(Assert.Single(events));
            Assert.Equal(0, only["index"]!.GetValue<int>());
            Assert.Equal("created", only["event"]!.GetValue<string>());
            Assert.Equal("create", only["colour"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(created["time"], only["time"]), id);

            var event0 = Assert.IsType<JsonObject>(await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = 0 }));
            var files = Assert.IsType<JsonObject>(event0["files"]);
            var onDisk = Directory.GetFiles(Path.Combine(kata, "files"), "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(Path.Combine(kata, "files"), f), File.ReadAllText);
            Assert.Equal(onDisk.Keys.Order(StringComparer.Ordinal), files.Select(f => f.Key).Order(StringComparer.Ordinal));
            foreach (var (name, content) in onDisk) Assert.Equal(content, files[name]!["content"]!.GetValue<string>());
            Assert.Equal(0, event0["status"]!.GetValue<int>());

            var manifest = Assert.IsType<JsonObject>(await Api.ReadAsync("kata_manifest", new JsonObject { ["id"] = id }));
            Assert.Equal(id, manifest["id"]!.GetValue<string>());
            Assert.Equal(2, manifest["version"]!.GetValue<int>());
            Assert.Equal("U8Tt6y", manifest["group_id"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task A_stored_repository_is_the_originals_history_and_git_accepts_it()
    {
        using var temp = new TempDirectory("fsck");
        var katas = OriginalData.Ids(V2Root, "katas");
        // Every kata went through the same conversion: git checks a spread of them (a git
        // process each is slow) and the first in detail.
        foreach (var id in katas.Where((_, i) => i % 8 == 0))
        {
            var stored = await App.Blobs.GetAsync(KataLayout.BlobName(EntityId.Parse(id), KataLayout.RepositoryBlob));
            Assert.NotNull(stored);
            var git = Path.Combine(temp.Path, id + ".git");
            Directory.CreateDirectory(git);
            await TarFile.ExtractToDirectoryAsync(new MemoryStream(stored.Content.ToArray()), git, overwriteFiles: false);
            GitCli.Run(git, "--git-dir", git, "fsck", "--strict", "--no-dangling");
            if (id != katas[0]) continue;

            var original = OriginalData.GitFolderOf(V2Root, id);
            Assert.Equal(GitCli.Run(original, "--git-dir", original, "rev-parse", "HEAD", "0"), GitCli.Run(git, "--git-dir", git, "rev-parse", "main", "0"));
            Assert.Equal(["0 kata creation"], GitCli.Lines(GitCli.Run(git, "--git-dir", git, "log", "--format=%s", "main")));
            Assert.Equal($"{id} <{id}@cyber-dojo.org>", GitCli.Run(git, "--git-dir", git, "log", "-1", "--format=%an <%ae>", "main").Trim());
            Assert.Equal(id, GitCli.Run(git, "--git-dir", git, "config", "user.name").Trim());
            Assert.Equal("refs/heads/main", GitCli.Run(git, "--git-dir", git, "symbolic-ref", "HEAD").Trim());
        }
    }

    [Fact]
    public async Task Importing_again_creates_nothing_and_changes_nothing()
    {
        var before = await StoredBlobsAsync();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await App.Services.GetRequiredService<ImportCommand>().RunAsync(OriginalData.AllInputs, output, error, CancellationToken.None);

        Assert.True(exit == 0, error.ToString());
        Assert.Contains($"0 blobs created, {before.Count} already present", output.ToString());
        Assert.Equal(before, await StoredBlobsAsync());
    }
}

public sealed class LocalDirectoryImportedFixturesTests(LocalDirectoryImportedFixtures imported)
    : ImportedFixturesTests<LocalDirectoryImportedFixtures>(imported);

public sealed class AzureImportedFixturesTests(AzureImportedFixtures imported)
    : ImportedFixturesTests<AzureImportedFixtures>(imported);
