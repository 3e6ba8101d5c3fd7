using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>
/// kata_download through real HTTP (docs/api.md §3.4, §8 check 46), the tgz unpacked with tar and
/// judged by the git command line.
/// </summary>
public abstract class DownloadApiTests(StoreUnderTest store) : OneAppPerTest(store)
{
    /// <summary>The download's file name and the folder it unpacked into (the one entry of <paramref name="into"/>).</summary>
    internal static async Task<(string FileName, string Folder)> DownloadAndUnpackAsync(SaverClient api, string id, TempDirectory into)
    {
        var answer = (await api.ReadAsync("kata_download", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal(2, answer.Count);
        var fileName = answer[0]!.GetValue<string>();
        var tgz = Path.Combine(into.Path, "download.tgz");
        await File.WriteAllBytesAsync(tgz, Convert.FromBase64String(answer[1]!.GetValue<string>()));
        var unpacked = Path.Combine(into.Path, "unpacked");
        Directory.CreateDirectory(unpacked);
        using var tar = Process.Start(new ProcessStartInfo("tar", ["-xzf", tgz, "-C", unpacked]) { RedirectStandardError = true })!;
        var errors = await tar.StandardError.ReadToEndAsync();
        await tar.WaitForExitAsync();
        Assert.True(tar.ExitCode == 0, errors);
        return (fileName, Assert.Single(Directory.GetDirectories(unpacked)));
    }

    internal static async Task<string> ReadmeOfDownloadAsync(SaverClient api, string id)
    {
        using var temp = new TempDirectory("download");
        var (_, folder) = await DownloadAndUnpackAsync(api, id, temp);
        return await File.ReadAllTextAsync(Path.Combine(folder, "README.md"));
    }

    private static string Git(string folder, params string[] arguments) => GitCli.Run(folder, arguments);

    [Fact]
    public async Task Check_46_a_download_is_a_clone_with_every_event_tagged_main_checked_out_and_no_remote()
    {
        var id = await CreateKataAsync(TennisManifest());
        await RunAsync(id, TennisFiles(), 1, "amber");
        var files = TennisFiles();
        files["tennis.py"] = "def score(a, b):\n    return 'Fifteen love'\n";
        await RunAsync(id, files, 2);
        using var temp = new TempDirectory("download");

        var before = DateTime.Now;
        var (fileName, folder) = await DownloadAndUnpackAsync(Api, id, temp);
        var after = DateTime.Now;

        var names = new[] { before, after }.Select(day => $"cyber-dojo-{day.Year}-{day.Month}-{day.Day}-{id}").ToList();
        Assert.Contains(Path.GetFileName(folder), names);
        Assert.Equal(Path.GetFileName(folder) + ".tgz", fileName);

        Assert.Equal(["0", "1", "2", "3"], GitCli.Lines(Git(folder, "tag")).Order(StringComparer.Ordinal));
        Assert.Equal(
            ["3 ran tests, no prediction, got red", "2 edited file tennis.py", "1 ran tests, no prediction, got amber", "0 kata creation"],
            GitCli.Lines(Git(folder, "log", "--format=%s")));
        Assert.Equal("refs/heads/main", Git(folder, "symbolic-ref", "HEAD").Trim());
        Assert.Equal(["main"], GitCli.Lines(Git(folder, "branch", "--format=%(refname:short)")));
        Assert.Empty(Git(folder, "remote"));
        Assert.Empty(Git(folder, "status", "--porcelain", "--untracked-files=all"));
        Assert.Equal(Git(folder, "rev-parse", "3^{commit}"), Git(folder, "rev-parse", "HEAD"));
        Assert.Equal($"{id}\n", Git(folder, "config", "user.name"));
        Assert.Equal($"{id}@cyber-dojo.org\n", Git(folder, "config", "user.email"));
        Git(folder, "fsck", "--strict", "--no-dangling");

        var readme = await File.ReadAllTextAsync(Path.Combine(folder, "README.md"));
        Assert.StartsWith($"# This a copy of [your cyber-dojo exercise](https://cyber-dojo.org/kata/edit/{id}):\n", readme);
        foreach (var (name, content) in files)
            Assert.Equal(content, await File.ReadAllTextAsync(Path.Combine(folder, "files", name)));
        Assert.Equal("1", await File.ReadAllTextAsync(Path.Combine(folder, "status")));
        Assert.Equal(4, JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "events.json")))!.AsArray().Count);

        // It clones again, tags and all, as any repository does.
        var again = Path.Combine(temp.Path, "again");
        GitCli.Run(temp.Path, "clone", "--quiet", folder, again);
        Assert.Equal(["0", "1", "2", "3"], GitCli.Lines(Git(again, "tag")).Order(StringComparer.Ordinal));
        Assert.Equal("def score(a, b):\n    return 'Fifteen love'\n", await File.ReadAllTextAsync(Path.Combine(again, "files", "tennis.py")));
    }

    [Fact]
    public async Task Check_46_two_red_runs_log_as_the_original_logs_them()
    {
        var id = await CreateKataAsync(TennisManifest());
        await RunAsync(id, TennisFiles(), 1);
        await RunAsync(id, TennisFiles(), 2);
        using var temp = new TempDirectory("download");

        var (_, folder) = await DownloadAndUnpackAsync(Api, id, temp);

        Assert.Equal(["0", "1", "2"], GitCli.Lines(Git(folder, "tag")));
        Assert.Equal(["2 ran tests, no prediction, got red", "1 ran tests, no prediction, got red", "0 kata creation"],
            GitCli.Lines(Git(folder, "log", "--format=%s")));
        Assert.Empty(Git(folder, "status", "--porcelain"));
        Assert.Empty(Git(folder, "remote"));
        Assert.Contains($"https://cyber-dojo.org/kata/edit/{id}", await File.ReadAllTextAsync(Path.Combine(folder, "README.md")));
    }

    [Fact]
    public async Task The_checkout_is_mains_head_even_past_the_last_event_and_keeps_nested_and_non_ascii_names()
    {
        var files = new Dictionary<string, string>
        {
            ["cyber-dojo.sh"] = "make\n",
            ["src/deep/ünïcödé λ.c"] = "int main() { return 0; }\r\n",
            ["src/" + new string('n', 150) + ".h"] = "",
        };
        var id = await CreateKataAsync(files);
        await Api.WriteAsync("kata_option_set", new JsonObject { ["id"] = id, ["name"] = "theme", ["value"] = "dark" });
        using var temp = new TempDirectory("download");

        var (_, folder) = await DownloadAndUnpackAsync(Api, id, temp);

        Assert.Equal(["set option theme to dark", "0 kata creation"], GitCli.Lines(Git(folder, "log", "--format=%s")));
        Assert.Equal(["0"], GitCli.Lines(Git(folder, "tag")));
        Assert.Contains("\"theme\": \"dark\"", await File.ReadAllTextAsync(Path.Combine(folder, "options.json")));
        Assert.Empty(Git(folder, "status", "--porcelain", "--untracked-files=all"));
        foreach (var (name, content) in files)
            Assert.Equal(content, await File.ReadAllTextAsync(Path.Combine(folder, "files", name)));
    }

    [Fact]
    public async Task The_base64_is_rubys_encode64_with_a_newline_after_every_60_characters_and_at_the_end()
    {
        var id = await CreateKataAsync(TennisManifest());

        var answer = (await Api.ReadAsync("kata_download", new JsonObject { ["id"] = id }))!.AsArray();

        var base64 = answer[1]!.GetValue<string>();
        Assert.EndsWith("\n", base64);
        var lines = base64[..^1].Split('\n');
        Assert.True(lines.Length > 2, $"a tgz of {base64.Length} characters");
        Assert.All(lines[..^1], line => Assert.Equal(60, line.Length));
        Assert.InRange(lines[^1].Length, 1, 60);
        var tgz = Convert.FromBase64String(base64);
        Assert.Equal(new byte[] { 0x1f, 0x8b }, tgz[..2]);
    }

    [Fact]
    public async Task An_unknown_kata_is_400()
    {
        foreach (var unknown in new[] { "123AbZ", "12345" })
        {
            var answer = await Api.GetAsync("kata_download", new JsonObject { ["id"] = unknown });
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal($"kata {unknown} does not exist", answer.Exception);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostAsync("kata_download", new JsonObject { ["id"] = "123AbZ" })).Status);
    }

    [Fact]
    public async Task A_format_0_or_1_kata_has_no_repository_to_download()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);

        foreach (var (id, version) in new[] { ("5rTJv5", 0), ("5U2J18", 1) })
        {
            var answer = await Api.GetAsync("kata_download", new JsonObject { ["id"] = id });
            Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
            Assert.Equal($"Kata_v{version}: download not supported", answer.Exception);
        }
    }
}
