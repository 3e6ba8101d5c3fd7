using System.Formats.Tar;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Saver.Functions.Hosting;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Import;

/// <summary>
/// <c>--import</c> into a store, through the command the command line runs (the app's own
/// <see cref="ImportCommand"/>), then read back: a second import overwrites nothing written
/// since and completes what an interrupted one left out, data owned by another user imports,
/// and input that is refused stores nothing. Each store gets a sealed subclass, so every test
/// runs on each of them. (The reads of everything imported: <see cref="ImportedFixturesTests{TFixture}"/>.)
/// </summary>
public abstract class DataImportTests(StoreUnderTest store) : IAsyncLifetime
{
    private TempDirectory Temp { get; } = new("import");

    protected SaverApp App { get; private set; } = null!;

    private SaverClient Api => App.Client;

    /// <summary>The folder imports work in (Saver:Import:WorkDirectory), checked empty after each import.</summary>
    private string WorkDirectory => Path.Combine(Temp.Path, "work");

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkDirectory);
        App = store.StartApp(new Dictionary<string, string?>
        {
            ["Saver:Import:WorkDirectory"] = WorkDirectory,
            ["Saver:Import:MaxArchiveBytes"] = HostileArchives.MaxArchiveBytes.ToString(),
            ["Saver:Import:MaxArchiveEntries"] = HostileArchives.MaxArchiveEntries.ToString(),
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        store.Dispose();
        Temp.Dispose();
    }

    /// <summary>Runs the import as <c>--import PATH …</c> does; returns its exit code and what it printed.</summary>
    private async Task<(int Exit, string Output, string Error)> ImportAsync(params string[] paths)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await App.Services.GetRequiredService<ImportCommand>().RunAsync(paths, output, error, CancellationToken.None);
        Assert.Empty(Directory.EnumerateFileSystemEntries(WorkDirectory));
        return (exit, output.ToString(), error.ToString());
    }

    private async Task<Dictionary<string, ETag>> StoredBlobsAsync()
    {
        var blobs = new Dictionary<string, ETag>(StringComparer.Ordinal);
        await foreach (var item in App.Blobs.ListAsync("")) blobs[item.Name] = item.ETag;
        return blobs;
    }

    private async Task<bool> ExistsAsync(string method, string id) =>
        (await Api.ReadAsync(method, new JsonObject { ["id"] = id }))!.GetValue<bool>();

    [Fact]
    public async Task Importing_again_completes_an_import_that_stopped_part_way()
    {
        string[] inputs = [OriginalData.Folder, OriginalData.OneFormat2KataArchive(Path.Combine(Temp.Path, "one.tgz"))];
        Assert.Equal(0, (await ImportAsync(inputs)).Exit);
        var complete = await StoredBlobsAsync();
        // As if the first import had died before these: a format-2 kata's manifest, an old kata's event.
        string[] lost = ["katas/gX/V1/Wf/manifest.json", "katas/5r/TJ/v5/2/event.json"];
        foreach (var name in lost) Assert.True(await App.Blobs.DeleteAsync(name));

        var (exit, output, error) = await ImportAsync(inputs);

        Assert.True(exit == 0, error);
        Assert.Contains($"2 blobs created, {complete.Count - 2} already present", output);
        var now = await StoredBlobsAsync();
        Assert.Equal(complete.Keys.Order(StringComparer.Ordinal), now.Keys.Order(StringComparer.Ordinal));
        Assert.All(complete.Where(b => !lost.Contains(b.Key)), b => Assert.Equal(b.Value, now[b.Key]));
    }

    [Fact]
    public async Task A_kata_written_after_an_import_keeps_its_new_events_when_imported_again()
    {
        var archive = OriginalData.OneFormat2KataArchive(Path.Combine(Temp.Path, "one.tgz"));
        Assert.Equal(0, (await ImportAsync(archive)).Exit);
        const string id = OriginalData.Format2Kata;
        var files = new Dictionary<string, string>();
        foreach (var (name, file) in (JsonObject)(await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = 0 }))!["files"]!)
            files[name] = file!["content"]!.GetValue<string>();
        files["countdown.cpp"] += "// edited after the import\n";
        await Api.WriteAsync("kata_ran_tests", RanTests(id, files, "red", LaptopA, 1));
        // The write converted the imported single blob into a log of packs.
        Assert.Null(await App.Blobs.GetPropertiesAsync(KataLayout.BlobName(EntityId.Parse(id), KataLayout.RepositoryBlob)));
        var written = await StoredRepository.VersionAsync(App.Blobs, id);

        var (exit, output, _) = await ImportAsync(archive);

        Assert.Equal(0, exit);
        Assert.Contains("0 blobs created", output);
        Assert.Equal(written, await StoredRepository.VersionAsync(App.Blobs, id));
        Assert.Null(await App.Blobs.GetPropertiesAsync(KataLayout.BlobName(EntityId.Parse(id), KataLayout.RepositoryBlob)));
        var events = (await Api.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(["create", "file_edit", "red"], events.Select(e => e!["colour"]!.GetValue<string>()));
        var latest = (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = -1 }))!;
        Assert.EndsWith("// edited after the import\n", latest["files"]!["countdown.cpp"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_data_folder_owned_by_another_user_is_imported()
    {
        // As run.sh's operator would: the original's archive extracted by root with tar keeps uid 19663.
        var cyberDojo = OriginalData.UntarOneFormat2Kata(Path.Combine(Temp.Path, "v2"));
        Shell.GiveToOriginalSaver(cyberDojo);
        Assert.Equal(Shell.OriginalSaverUid, Shell.OwnerOf(OriginalData.GitFolderOf(cyberDojo, "gXV1Wf")));

        var (exit, output, error) = await ImportAsync(cyberDojo);

        Assert.True(exit == 0, error);
        Assert.Contains("1 katas (1 format 2), 1 groups (1 format 2)", output);
        var events = (await Api.ReadAsync("kata_events", new JsonObject { ["id"] = "gXV1Wf" }))!.AsArray();
        Assert.Equal("created", Assert.Single(events)!["event"]!.GetValue<string>());
        var claimed = OriginalData.ExpectedBlobs(cyberDojo).Where(n => n.StartsWith("groups/U8/Tt/6y/") && n.EndsWith("/.dir")).ToList();
        Assert.Equal(63, claimed.Count);
        foreach (var name in claimed) Assert.Equal(0, (await App.Blobs.GetPropertiesAsync(name))!.Length);
    }

    [Theory]
    [MemberData(nameof(HostileArchives.Names), MemberType = typeof(HostileArchives))]
    public async Task A_hostile_archive_is_refused_and_stores_nothing(string hostile)
    {
        var archive = Path.Combine(Temp.Path, "hostile.tgz");
        var why = HostileArchives.Write(hostile, archive);

        var (exit, output, error) = await ImportAsync(OriginalData.V1Archive, archive);

        Assert.Equal(1, exit);
        Assert.Equal("", output);
        Assert.StartsWith($"saver: import of {OriginalData.V1Archive}, {archive} failed: refused archive {archive}: ", error);
        Assert.Contains(why, error);
        Assert.Empty(await StoredBlobsAsync());
        Assert.False(File.Exists(Path.Combine(Temp.Path, "escaped.txt")));
        Assert.False(File.Exists("/tmp/saver-tests/absolute.txt"));
    }

    [Fact]
    public async Task A_symbolic_link_in_a_data_folder_is_refused_and_nothing_is_stored()
    {
        var cyberDojo = OriginalData.Untar(OriginalData.V1Archive, Path.Combine(Temp.Path, "v1"));
        var secret = Path.Combine(Temp.Path, "secret.txt");
        await File.WriteAllTextAsync(secret, "not for the store");
        File.CreateSymbolicLink(Path.Combine(cyberDojo, "katas", "43", "gj", "uz", "events.json.bak"), secret);

        var (exit, _, error) = await ImportAsync(cyberDojo);

        Assert.Equal(1, exit);
        Assert.Contains("events.json.bak is a symbolic link; links are refused", error);
        Assert.Empty(await StoredBlobsAsync());
    }

    [Fact]
    public async Task A_format2_kata_with_a_broken_repository_is_refused_and_nothing_is_stored()
    {
        var cyberDojo = OriginalData.UntarOneFormat2Kata(Path.Combine(Temp.Path, "v2"));
        var git = OriginalData.GitFolderOf(cyberDojo, "gXV1Wf");
        var tree = GitCli.Run(git, "--git-dir", git, "rev-parse", "HEAD^{tree}").Trim();
        File.Delete(Path.Combine(git, "objects", tree[..2], tree[2..]));

        var (exit, _, error) = await ImportAsync(cyberDojo);

        Assert.Equal(1, exit);
        Assert.Contains("kata gXV1Wf", error);
        Assert.Empty(await StoredBlobsAsync());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty folder")]
    public async Task A_path_with_nothing_to_import_is_refused_clearly(string what)
    {
        var path = Path.Combine(Temp.Path, what);
        if (what == "empty folder") Directory.CreateDirectory(path);

        var (exit, _, error) = await ImportAsync(path);

        Assert.Equal(1, exit);
        Assert.Equal(what == "missing"
            ? $"saver: import of {path} failed: {path} does not exist\n"
            : $"saver: import of {path} failed: {path} holds no katas/, groups/, clusters/ folder, nor a cyber-dojo/ folder holding one\n", error);
        Assert.Empty(await StoredBlobsAsync());
    }

    [Fact]
    public async Task An_uncompressed_tar_of_the_data_folder_itself_is_imported_with_its_clusters()
    {
        // No cyber-dojo/ folder on top, no gzip, and a cluster (plain files, like format-2 groups).
        var archive = Path.Combine(Temp.Path, "data.tar");
        const string cluster = "{\"id\":\"Cl9a30\",\"created\":[2026,1,2,3,4,5,6],\"groups\":{}}";
        await using (var file = File.Create(archive))
        await using (var tar = new TarWriter(file, TarEntryFormat.Ustar))
        {
            var kata = Path.Combine(OriginalData.Folder, "cyber-dojo", "katas", "H8", "NA", "vN");
            foreach (var source in Directory.GetFiles(kata).Order(StringComparer.Ordinal))
                await tar.WriteEntryAsync(source, "katas/H8/NA/vN/" + Path.GetFileName(source));
            await tar.WriteEntryAsync(new UstarTarEntry(TarEntryType.RegularFile, "clusters/Cl/9a/30/manifest.json")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(cluster)),
            });
        }

        var (exit, output, error) = await ImportAsync(archive);

        Assert.True(exit == 0, error);
        Assert.Contains("1 katas (1 format 1), 0 groups, 1 clusters; 5 blobs created", output);
        Assert.True(await ExistsAsync("kata_exists?", "H8NAvN"));
        Assert.Equal(cluster, Encoding.UTF8.GetString((await App.Blobs.GetAsync("clusters/Cl/9a/30/manifest.json"))!.Content.Span));
    }

    [Fact]
    public async Task Folders_and_files_that_are_no_entity_are_skipped_and_counted()
    {
        var cyberDojo = OriginalData.Untar(OriginalData.V0Archive, Path.Combine(Temp.Path, "v0"));
        await File.WriteAllTextAsync(Path.Combine(cyberDojo, "katas", "stray.txt"), "stray");
        Directory.CreateDirectory(Path.Combine(cyberDojo, "katas", "D6", "Na", "kXY")); // three characters
        Directory.CreateDirectory(Path.Combine(cyberDojo, "groups", "AW", "CQ", "d0")); // an empty group: it exists, as on the original's disk
        Directory.CreateDirectory(Path.Combine(cyberDojo, "groups", "AW", "CQ", "IO")); // I and O are not in the id alphabet

        var (exit, output, error) = await ImportAsync(cyberDojo);

        Assert.True(exit == 0, error);
        Assert.Contains("63 katas (63 format 0), 2 groups (2 format 0)", output);
        Assert.Contains("3 entries skipped", output);
        var stored = await StoredBlobsAsync();
        Assert.DoesNotContain("katas/stray.txt", stored.Keys);
        Assert.Contains("groups/AW/CQ/d0/.dir", stored.Keys);
        Assert.DoesNotContain(stored.Keys, name => name.Contains("kXY") || name.Contains("/IO/"));
    }
}
