using System.Net;
using System.Text.Json.Nodes;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// kata_archive through real HTTP: one event as a .tgz under <c>ID-N/</c>, judged against
/// <c>git archive --prefix</c> of the kata's own repository and unpacked by the tar command line.
/// </summary>
public abstract class KataArchiveApiTests(StoreUnderTest store) : OneAppPerTest(store)
{
    private static readonly string[] Outputs = ["status", "stderr", "stdout", "truncations.json"];

    private Task<FileAnswer> ArchiveAsync(string id, string index, string? accept = null) =>
        FileAnswer.GetAsync(Api, $"/kata_archive?id={Uri.EscapeDataString(id)}&index={Uri.EscapeDataString(index)}", accept);

    /// <summary>A Tennis kata with a red run (index 1) and a green one with other files (index 2).</summary>
    private async Task<(string Id, Dictionary<string, string> Files)> KataWithTwoRunsAsync()
    {
        var id = await CreateKataAsync(TennisManifest());
        await Api.WriteAsync("kata_ran_tests", RanTests(id, TennisFiles(), "red", LaptopA, 1, stdout: "FAILED (failures=1)\n", stderr: "Traceback\n"));
        var files = TennisFiles();
        files["tennis.py"] = "def score(a, b):\n    return 'Fifteen love'\n";
        files["src/deep/ünï λ.py"] = "pass\n";
        await Api.WriteAsync("kata_ran_tests", RanTests(id, files, "green", LaptopA, 2, stdout: "OK\n"));
        return (id, files);
    }

    [Fact]
    public async Task An_event_is_what_git_archive_with_a_prefix_writes_of_its_tag_limited_to_files_and_the_outputs()
    {
        var (id, files) = await KataWithTwoRunsAsync();
        using var temp = new TempDirectory("archive");

        var answer = await ArchiveAsync(id, "3");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/gzip", answer.ContentType);
        Assert.Equal("attachment", answer.DispositionType);
        Assert.Equal($"{id}-3.tgz", answer.FileName?.Trim('"'));
        var ours = Path.Combine(temp.Path, "ours.tgz");
        await File.WriteAllBytesAsync(ours, answer.Body);

        // Event 3 is the green run (2 is the edit it saved first).
        using var kata = await UnpackedKata.UnpackAsync(App.Blobs, id);
        var theirs = Path.Combine(temp.Path, "git.tgz");
        kata.Git(["archive", "--format=tar.gz", $"--prefix={id}-3/", "-o", theirs, "3", "--", "files", .. Outputs]);
        Assert.Equal(await FileAnswer.ListingAsync(theirs), await FileAnswer.ListingAsync(ours));
        Assert.Equal(kata.CommitOf("3"), CommitIdOf(ours));

        var unpacked = Path.Combine(temp.Path, "unpacked");
        await answer.UnpackAsync(unpacked);
        var root = Path.Combine(unpacked, $"{id}-3");
        Assert.Equal([$"{id}-3"], Directory.GetFileSystemEntries(unpacked).Select(Path.GetFileName));
        Assert.Equal(["files", .. Outputs], Directory.GetFileSystemEntries(root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var (name, content) in files)
            Assert.Equal(content, await File.ReadAllTextAsync(Path.Combine(root, "files", name)));
        Assert.Equal(files.Count, Directory.GetFiles(Path.Combine(root, "files"), "*", SearchOption.AllDirectories).Length);
        Assert.Equal("OK\n", await File.ReadAllTextAsync(Path.Combine(root, "stdout")));
        Assert.Equal("", await File.ReadAllTextAsync(Path.Combine(root, "stderr")));
        Assert.Equal("0", await File.ReadAllTextAsync(Path.Combine(root, "status")));
        AssertJsonEqual(new JsonObject { ["stdout"] = false, ["stderr"] = false },
            JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "truncations.json"))));
    }

    /// <summary>What <c>git get-tar-commit-id</c> reads from the archive's global header.</summary>
    private static string CommitIdOf(string tgz)
    {
        var start = new System.Diagnostics.ProcessStartInfo("sh", ["-c", "gzip -dc \"$0\" | git get-tar-commit-id", tgz])
        {
            RedirectStandardOutput = true,
        };
        using var git = System.Diagnostics.Process.Start(start)!;
        var id = git.StandardOutput.ReadToEnd().Trim();
        git.WaitForExit();
        return id;
    }

    [Fact]
    public async Task A_negative_index_counts_from_the_end_and_the_prefix_names_the_event_it_found()
    {
        var (id, _) = await KataWithTwoRunsAsync();
        using var temp = new TempDirectory("archive");

        var answer = await ArchiveAsync(id, "-3");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal($"{id}-1.tgz", answer.FileName?.Trim('"'));
        await answer.UnpackAsync(temp.Path);
        var root = Path.Combine(temp.Path, $"{id}-1");
        Assert.Equal("FAILED (failures=1)\n", await File.ReadAllTextAsync(Path.Combine(root, "stdout")));
        Assert.Equal("Traceback\n", await File.ReadAllTextAsync(Path.Combine(root, "stderr")));
        Assert.Equal("1", await File.ReadAllTextAsync(Path.Combine(root, "status")));
        Assert.False(Directory.Exists(Path.Combine(root, "files", "src")));
    }

    [Fact]
    public async Task Event_0_has_only_its_files_as_its_tree_does()
    {
        var id = await CreateKataAsync(TennisManifest());
        using var temp = new TempDirectory("archive");

        var answer = await ArchiveAsync(id, "0");

        await answer.UnpackAsync(temp.Path);
        var root = Path.Combine(temp.Path, $"{id}-0");
        Assert.Equal(["files"], Directory.GetFileSystemEntries(root).Select(Path.GetFileName));
        Assert.Equal(TennisFiles().Keys.Order(StringComparer.Ordinal),
            Directory.GetFiles(Path.Combine(root, "files")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_outage_has_only_its_files_as_kata_event_answers_it()
    {
        var id = await CreateKataAsync(TennisManifest());
        var files = TennisFiles();
        files["tennis.py"] += "# edited\n";
        // A classic write at index 2 (docs/api.md §6): index 1 becomes an outage tagged at the same commit.
        var classic = RanTests(id, files, "red", null, null, stdout: "FAILED\n");
        classic.Remove("laptop_id");
        classic.Remove("tab_seq");
        classic["index"] = 2;
        await Api.WriteAsync("kata_ran_tests", classic);
        using var temp = new TempDirectory("archive");

        await (await ArchiveAsync(id, "1")).UnpackAsync(Path.Combine(temp.Path, "outage"));
        await (await ArchiveAsync(id, "2")).UnpackAsync(Path.Combine(temp.Path, "run"));

        Assert.Equal(["files"], Directory.GetFileSystemEntries(Path.Combine(temp.Path, "outage", $"{id}-1")).Select(Path.GetFileName));
        Assert.Equal(files["tennis.py"], await File.ReadAllTextAsync(Path.Combine(temp.Path, "outage", $"{id}-1", "files", "tennis.py")));
        Assert.Equal("FAILED\n", await File.ReadAllTextAsync(Path.Combine(temp.Path, "run", $"{id}-2", "stdout")));
    }

    [Fact]
    public async Task It_is_streamed_with_no_length_announced()
    {
        var files = TennisFiles();
        // Enough that a response built whole would have had a Content-Length worth sending.
        files["big.txt"] = string.Concat(Enumerable.Range(0, 200_000).Select(i => $"{i * 7919 % 100_003}\n"));
        var id = await CreateKataAsync(files);

        var answer = await ArchiveAsync(id, "-1");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.True(answer.Chunked, "Transfer-Encoding: chunked");
        Assert.Null(answer.ContentLength);
        using var temp = new TempDirectory("archive");
        await answer.UnpackAsync(temp.Path);
        Assert.Equal(files["big.txt"], await File.ReadAllTextAsync(Path.Combine(temp.Path, $"{id}-0", "files", "big.txt")));
    }

    [Fact]
    public async Task Index_errors_are_kata_events_answered_as_json_before_any_byte_of_a_file()
    {
        var id = await CreateKataAsync(TennisManifest());
        await Api.WriteAsync("kata_file_delete", new JsonObject
        {
            ["id"] = id, ["files"] = FilesJson(TennisFiles()), ["filename"] = "readme.txt", ["laptop_id"] = null, ["tab_seq"] = 1,
        });

        foreach (var (index, message) in new[]
                 {
                     ("2", "Invalid +ve index 2 [2 events]"),
                     ("-3", "Invalid -ve index -3 (=> -1) [2 events]"),
                 })
        {
            var answer = await ArchiveAsync(id, index);
            Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
            Assert.Equal("application/json", answer.ContentType);
            Assert.Null(answer.DispositionType);
            Assert.Equal(message, answer.Exception);
            var kataEvent = await Api.GetAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = index });
            Assert.Equal(message, kataEvent.Exception);
        }
        // Ruby's to_i, as kata_event: "abc" is 0.
        Assert.Equal(HttpStatusCode.OK, (await ArchiveAsync(id, "abc")).Status);
    }

    [Fact]
    public async Task An_unknown_kata_is_400_a_missing_index_500_and_a_post_404()
    {
        var unknown = await ArchiveAsync("123AbZ", "0");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("kata 123AbZ does not exist", unknown.Exception);

        var malformed = await ArchiveAsync("12345", "0");
        Assert.Equal(HttpStatusCode.BadRequest, malformed.Status);
        Assert.Equal("kata 12345 does not exist", malformed.Exception);

        var noIndex = await FileAnswer.GetAsync(Api, "/kata_archive?id=123AbZ");
        Assert.Equal(HttpStatusCode.InternalServerError, noIndex.Status);
        Assert.Equal("missing keyword: :index", noIndex.Exception);

        var id = await CreateKataAsync(TennisManifest());
        var post = await FileAnswer.GetAsync(Api, $"/kata_archive?id={id}&index=0", verb: HttpMethod.Post);
        Assert.Equal(HttpStatusCode.NotFound, post.Status);
    }

    [Fact]
    public async Task A_client_that_accepts_gzip_only_is_served_and_one_that_accepts_neither_it_nor_json_is_404()
    {
        var id = await CreateKataAsync(TennisManifest());

        Assert.Equal(HttpStatusCode.OK, (await ArchiveAsync(id, "0", accept: "application/gzip")).Status);
        Assert.Equal(HttpStatusCode.OK, (await ArchiveAsync(id, "0", accept: "*/*")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await ArchiveAsync(id, "0", accept: "text/html")).Status);
    }

    [Fact]
    public async Task Katas_in_formats_0_and_1_are_archived_from_what_kata_event_answers()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        using var temp = new TempDirectory("archive");

        foreach (var (id, index) in new[] { ("5rTJv5", 1), ("5U2J18", 3) })
        {
            var answer = await ArchiveAsync(id, index.ToString());
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            var folder = Path.Combine(temp.Path, id);
            await answer.UnpackAsync(folder);
            var root = Path.Combine(folder, $"{id}-{index}");
            var kataEvent = (await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = index }))!.AsObject();
            foreach (var (name, file) in kataEvent["files"]!.AsObject())
                Assert.Equal(file!["content"]!.GetValue<string>(), await File.ReadAllTextAsync(Path.Combine(root, "files", name)));
            Assert.Equal(kataEvent["files"]!.AsObject().Count, Directory.GetFiles(Path.Combine(root, "files"), "*", SearchOption.AllDirectories).Length);
            Assert.Equal(kataEvent["stdout"]!["content"]!.GetValue<string>(), await File.ReadAllTextAsync(Path.Combine(root, "stdout")));
            Assert.Equal(kataEvent["stderr"]!["content"]!.GetValue<string>(), await File.ReadAllTextAsync(Path.Combine(root, "stderr")));
            Assert.Equal(kataEvent["status"]!.GetValue<string>(), await File.ReadAllTextAsync(Path.Combine(root, "status")));
            AssertJsonEqual(new JsonObject { ["stdout"] = kataEvent["stdout"]!["truncated"]!.DeepClone(), ["stderr"] = kataEvent["stderr"]!["truncated"]!.DeepClone() },
                JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "truncations.json"))));
        }

        var created = await ArchiveAsync("5rTJv5", "0");
        var first = Path.Combine(temp.Path, "created");
        await created.UnpackAsync(first);
        Assert.Equal(["files"], Directory.GetFileSystemEntries(Path.Combine(first, "5rTJv5-0")).Select(Path.GetFileName));

        var beyond = await ArchiveAsync("5rTJv5", "4");
        Assert.Equal(HttpStatusCode.InternalServerError, beyond.Status);
        Assert.Equal("Invalid +ve index 4 [4 events]", beyond.Exception);
    }
}
