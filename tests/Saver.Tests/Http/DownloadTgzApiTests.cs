using System.Formats.Tar;
using System.IO.Compression;
using System.Net;
using System.Text.Json.Nodes;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// kata_download_tgz through real HTTP: kata_download's tgz, streamed as application/gzip with
/// a file name of the date, the exercise and the id; unpacked by tar and judged by git.
/// </summary>
public abstract class DownloadTgzApiTests(StoreUnderTest store) : OneAppPerTest(store)
{
    private Task<FileAnswer> DownloadAsync(string id) =>
        FileAnswer.GetAsync(Api, $"/kata_download_tgz?id={Uri.EscapeDataString(id)}");

    private static List<string> DayNames(DateTime before, DateTime after) =>
        new[] { before, after }.Select(day => $"{day.Year}-{day.Month}-{day.Day}").Distinct().ToList();

    [Fact]
    public async Task It_streams_a_repository_that_git_logs_and_clones_with_every_tag_named_after_the_day_the_exercise_and_the_id()
    {
        var id = await CreateKataAsync(TennisManifest());
        await RunAsync(id, TennisFiles(), 1, "amber");
        var files = TennisFiles();
        files["tennis.py"] = "def score(a, b):\n    return 'Fifteen love'\n";
        await RunAsync(id, files, 2);
        using var temp = new TempDirectory("download");

        var before = DateTime.Now;
        var answer = await DownloadAsync(id);
        var after = DateTime.Now;

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("application/gzip", answer.ContentType);
        Assert.Equal("attachment", answer.DispositionType);
        Assert.True(answer.Chunked, "Transfer-Encoding: chunked");
        Assert.Null(answer.ContentLength);
        Assert.Contains(answer.FileName?.Trim('"'), DayNames(before, after).Select(day => $"cyber-dojo-{day}-Tennis-{id}.tgz"));

        await answer.UnpackAsync(temp.Path);
        var folder = Assert.Single(Directory.GetDirectories(temp.Path));
        Assert.Contains(Path.GetFileName(folder), DayNames(before, after).Select(day => $"cyber-dojo-{day}-{id}"));
        string Git(params string[] arguments) => GitCli.Run(folder, arguments);
        Assert.Equal(["0", "1", "2", "3"], GitCli.Lines(Git("tag")).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["3 ran tests, no prediction, got red", "2 edited file tennis.py", "1 ran tests, no prediction, got amber", "0 kata creation"],
            GitCli.Lines(Git("log", "--format=%s")));
        Assert.Equal("refs/heads/main", Git("symbolic-ref", "HEAD").Trim());
        Assert.Empty(Git("status", "--porcelain", "--untracked-files=all"));
        Assert.Empty(Git("remote"));
        Git("fsck", "--strict", "--no-dangling");
        Assert.Equal(files["tennis.py"], await File.ReadAllTextAsync(Path.Combine(folder, "files", "tennis.py")));

        var clone = Path.Combine(temp.Path, "clone");
        GitCli.Run(temp.Path, "clone", "--quiet", folder, clone);
        Assert.Equal(["0", "1", "2", "3"], GitCli.Lines(GitCli.Run(clone, "tag")).Order(StringComparer.Ordinal));
        Assert.Equal(files["tennis.py"], await File.ReadAllTextAsync(Path.Combine(clone, "files", "tennis.py")));
    }

    [Fact]
    public async Task It_holds_the_same_members_as_kata_downloads_tgz()
    {
        var id = await CreateKataAsync(TennisManifest());
        await RunAsync(id, TennisFiles(), 1);

        var streamed = await DownloadAsync(id);
        var encoded = (await Api.ReadAsync("kata_download", new JsonObject { ["id"] = id }))!.AsArray();

        var ours = await MembersAsync(streamed.Body);
        var theirs = await MembersAsync(Convert.FromBase64String(encoded[1]!.GetValue<string>()));
        Assert.Equal(theirs.Keys, ours.Keys);
        // The index records when the checkout wrote each file, so it differs from clone to clone.
        foreach (var (name, content) in theirs.Where(m => !m.Key.EndsWith("/.git/index", StringComparison.Ordinal)))
            Assert.True(content.AsSpan().SequenceEqual(ours[name]), $"{name} differs");
        Assert.Contains(ours.Keys, name => name.EndsWith("/.git/packed-refs", StringComparison.Ordinal));
    }

    /// <summary>Each member's name and content (a folder's is empty).</summary>
    private static async Task<SortedDictionary<string, byte[]>> MembersAsync(byte[] tgz)
    {
        var members = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        await using var gzip = new GZipStream(new MemoryStream(tgz), CompressionMode.Decompress);
        await using var tar = new TarReader(gzip);
        while (await tar.GetNextEntryAsync() is { } entry)
        {
            using var content = new MemoryStream();
            if (entry.DataStream is not null) await entry.DataStream.CopyToAsync(content);
            members[entry.Name] = content.ToArray();
        }
        return members;
    }

    [Fact]
    public async Task Without_an_exercise_the_name_is_the_day_and_the_id_and_an_exercise_becomes_one_safe_word()
    {
        var custom = TennisManifest();
        custom.Remove("exercise");
        var customId = await CreateKataAsync(custom);
        var odd = TennisManifest();
        odd["exercise"] = "Fizz Buzz / ünï \"quoted\"";
        var oddId = await CreateKataAsync(odd);

        var before = DateTime.Now;
        var plain = await DownloadAsync(customId);
        var named = await DownloadAsync(oddId);
        var after = DateTime.Now;

        Assert.Contains(plain.FileName?.Trim('"'), DayNames(before, after).Select(day => $"cyber-dojo-{day}-{customId}.tgz"));
        // filename* carries the name whole; filename, for older clients, has only ASCII.
        Assert.Contains(named.FileNameStar, DayNames(before, after).Select(day => $"cyber-dojo-{day}-Fizz_Buzz_ünï_quoted-{oddId}.tgz"));
        Assert.DoesNotContain(named.FileName!, c => c > 127);
    }

    [Fact]
    public async Task An_unknown_kata_is_400_and_a_kata_in_format_0_or_1_has_no_repository_to_download()
    {
        var unknown = await DownloadAsync("123AbZ");
        Assert.Equal(HttpStatusCode.BadRequest, unknown.Status);
        Assert.Equal("application/json", unknown.ContentType);
        Assert.Null(unknown.DispositionType);
        Assert.Equal("kata 123AbZ does not exist", unknown.Exception);

        await Fixtures.LoadOldFormatsAsync(App.Blobs);
        foreach (var (id, version) in new[] { ("5rTJv5", 0), ("5U2J18", 1) })
        {
            var answer = await DownloadAsync(id);
            Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
            Assert.Equal($"Kata_v{version}: download not supported", answer.Exception);
        }

        var missing = await FileAnswer.GetAsync(Api, "/kata_download_tgz");
        Assert.Equal(HttpStatusCode.InternalServerError, missing.Status);
        Assert.Equal("missing keyword: :id", missing.Exception);
    }
}
