using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;
using GitOracle = Saver.Tests.Diffs.GitCli;

namespace Saver.Tests.Http;

/// <summary>
/// kata_git_diff through real HTTP: the "diff" is compared byte for byte with what the git
/// command line prints for the same two tags of the kata's stored repository,
/// <c>git diff --ignore-space-at-eol --find-renames --unified=100000 --relative=files/</c>.
/// </summary>
public abstract class GitDiffApiTests(StoreUnderTest store) : OneAppPerTest(store)
{
    private Task<ApiAnswer> GetGitDiffAsync(string id, JsonNode? was, JsonNode? now) =>
        Api.GetAsync("kata_git_diff", new JsonObject { ["id"] = id, ["was_index"] = was, ["now_index"] = now });

    private async Task<JsonObject> GitDiffAsync(string id, JsonNode? was, JsonNode? now) =>
        (await Api.ReadAsync("kata_git_diff", new JsonObject { ["id"] = id, ["was_index"] = was, ["now_index"] = now }))!.AsObject();

    /// <summary>What git prints for files/ between two tags of the kata's repository as stored now.</summary>
    private async Task<string> GitPrintsAsync(string id, int was, int now)
    {
        using var kata = await UnpackedKata.UnpackAsync(App.Blobs, id);
        return GitOracle.Run(kata.GitDirectory, "--git-dir", kata.GitDirectory, "diff",
            "--ignore-space-at-eol", "--find-renames", "--unified=100000", "--relative=files/", $"refs/tags/{was}", $"refs/tags/{now}");
    }

    /// <summary>kata_git_diff's answer, after checking its diff is git's and its was is kata_event's.</summary>
    private async Task<JsonObject> AssertAsGitPrintsAsync(string id, int was, int now)
    {
        var answer = await GitDiffAsync(id, was, now);
        Assert.Equal(["was", "diff", "unchanged"], answer.Select(entry => entry.Key));
        Assert.Equal(await GitPrintsAsync(id, was, now), answer["diff"]!.GetValue<string>());
        AssertJsonEqual(await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = was }), answer["was"]);
        return answer;
    }

    private static string Diff(JsonObject answer) => answer["diff"]!.GetValue<string>();

    private static string[] Unchanged(JsonObject answer) => [.. answer["unchanged"]!.AsArray().Select(name => name!.GetValue<string>())];

    /// <summary>A blob's id as git computes it, abbreviated as git abbreviates it in a small repository.</summary>
    private static string Abbreviated(string content) =>
        Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes($"blob {Encoding.UTF8.GetByteCount(content)}\0{content}")))[..7];

    [Fact]
    public async Task A_rename_a_change_a_deletion_and_unchanged_files_in_one_diff_are_what_git_prints()
    {
        var unchanged = new Dictionary<string, string>
        {
            ["cyber-dojo.sh"] = "python answer.py\n",
            ["readme.txt"] = "Life, the universe\nand everything\n",
        };
        const string hiker = "def answer():\n    return 6 * 9\n\nprint(answer())\n";
        const string answerPy = "def answer():\n    return 42\n\nprint(answer())\n";
        var id = await CreateKataAsync(new Dictionary<string, string>(unchanged)
        {
            ["hiker.py"] = hiker,
            ["obsolete.txt"] = "gone\n",
            ["test_hiker.py"] = "assert answer() == 54\n",
        });
        await RunAsync(id, new Dictionary<string, string>(unchanged)
        {
            ["answer.py"] = answerPy,
            ["test_hiker.py"] = "assert answer() == 42\n",
        }, 1);

        var answer = await AssertAsGitPrintsAsync(id, 0, 1);

        Assert.Equal(
            "diff --git a/hiker.py b/answer.py\n" +
            "similarity index 64%\n" +
            "rename from hiker.py\n" +
            "rename to answer.py\n" +
            $"index {Abbreviated(hiker)}..{Abbreviated(answerPy)} 100644\n" +
            "--- a/hiker.py\n" +
            "+++ b/answer.py\n" +
            "@@ -1,4 +1,4 @@\n" +
            " def answer():\n" +
            "-    return 6 * 9\n" +
            "+    return 42\n" +
            " \n" +
            " print(answer())\n" +
            "diff --git a/obsolete.txt b/obsolete.txt\n" +
            "deleted file mode 100644\n" +
            $"index {Abbreviated("gone\n")}..0000000\n" +
            "--- a/obsolete.txt\n" +
            "+++ /dev/null\n" +
            "@@ -1 +0,0 @@\n" +
            "-gone\n" +
            "diff --git a/test_hiker.py b/test_hiker.py\n" +
            $"index {Abbreviated("assert answer() == 54\n")}..{Abbreviated("assert answer() == 42\n")} 100644\n" +
            "--- a/test_hiker.py\n" +
            "+++ b/test_hiker.py\n" +
            "@@ -1 +1 @@\n" +
            "-assert answer() == 54\n" +
            "+assert answer() == 42\n",
            Diff(answer));
        Assert.Equal(["cyber-dojo.sh", "readme.txt"], Unchanged(answer));
        Assert.Equal(hiker, answer["was"]!["files"]!["hiker.py"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_file_is_shown_whole_and_the_diff_goes_either_way()
    {
        var lines = string.Concat(Enumerable.Range(1, 40).Select(n => $"line {n}\n"));
        var id = await CreateKataAsync(new Dictionary<string, string> { ["long.txt"] = lines, ["new.txt"] = "" });
        await RunAsync(id, new Dictionary<string, string> { ["long.txt"] = lines.Replace("line 20\n", "line twenty\n") }, 1);

        var forwards = await AssertAsGitPrintsAsync(id, 0, 1);
        var backwards = await AssertAsGitPrintsAsync(id, 1, 0);

        Assert.Contains("@@ -1,40 +1,40 @@\n line 1\n", Diff(forwards));
        Assert.EndsWith(" line 40\ndiff --git a/new.txt b/new.txt\ndeleted file mode 100644\nindex e69de29..0000000\n", Diff(forwards));
        Assert.Contains("-line 20\n+line twenty\n", Diff(forwards));
        Assert.Contains("-line twenty\n+line 20\n", Diff(backwards));
        Assert.Contains("diff --git a/new.txt b/new.txt\nnew file mode 100644\nindex 0000000..e69de29\n", Diff(backwards));
    }

    [Fact]
    public async Task End_of_line_whitespace_is_ignored_and_a_file_changed_only_there_is_unchanged()
    {
        var id = await CreateKataAsync(new Dictionary<string, string>
        {
            ["spaces.txt"] = "a\nb\n",
            ["crlf.txt"] = "1\n2\n",
            ["edited.txt"] = "x  \ny\nz\n",
        });
        await RunAsync(id, new Dictionary<string, string>
        {
            ["spaces.txt"] = "a  \nb\t\n",
            ["crlf.txt"] = "1\r\n2\r\n",
            ["edited.txt"] = "x\nY\nz\n",
        }, 1);

        var answer = await AssertAsGitPrintsAsync(id, 0, 1);

        Assert.DoesNotContain("spaces.txt", Diff(answer));
        Assert.DoesNotContain("crlf.txt", Diff(answer));
        // The context line is the new side's, without the old trailing blanks.
        Assert.EndsWith("@@ -1,3 +1,3 @@\n x\n-y\n+Y\n z\n", Diff(answer));
        Assert.Equal(["crlf.txt", "spaces.txt"], Unchanged(answer));
    }

    [Fact]
    public async Task A_missing_final_newline_is_marked_as_git_marks_it()
    {
        var id = await CreateKataAsync(new Dictionary<string, string> { ["hiker.h"] = "a\nb\nc\nd", ["grows.txt"] = "1" });
        await RunAsync(id, new Dictionary<string, string> { ["hiker.h"] = "a\nb\nX\nd", ["grows.txt"] = "1\n2\n" }, 1);

        var answer = await AssertAsGitPrintsAsync(id, 0, 1);

        Assert.Contains("@@ -1,4 +1,4 @@\n a\n b\n-c\n+X\n d\n\\ No newline at end of file\n", Diff(answer));
        Assert.Contains("@@ -1 +1,2 @@\n 1\n+2\n", Diff(answer));
    }

    [Fact]
    public async Task An_empty_file_created_has_a_header_and_no_hunk()
    {
        var id = await CreateKataAsync(TennisManifest());
        await Api.WriteAsync("kata_file_create", new JsonObject
        {
            ["id"] = id, ["files"] = FilesJson(TennisFiles()), ["filename"] = "empty.txt", ["laptop_id"] = LaptopA, ["tab_seq"] = 1,
        });

        var answer = await AssertAsGitPrintsAsync(id, 0, 1);

        Assert.Equal("diff --git a/empty.txt b/empty.txt\nnew file mode 100644\nindex 0000000..e69de29\n", Diff(answer));
        Assert.Equal(["cyber-dojo.sh", "readme.txt", "tennis.py", "tennis_unit_test.py"], Unchanged(answer));
    }

    [Fact]
    public async Task Binary_content_is_said_to_differ_and_control_characters_are_text()
    {
        var id = await CreateKataAsync(new Dictionary<string, string> { ["data.bin"] = "ab\0cd\n", ["colours.txt"] = "\u001b[31mred\u001b[0m\n" });
        await RunAsync(id, new Dictionary<string, string>
        {
            ["data.bin"] = "ab\0ce\n",
            ["colours.txt"] = "\u001b[32mgreen\u001b[0m\n",
            ["made.bin"] = "\0\u0001",
        }, 1);

        var answer = await AssertAsGitPrintsAsync(id, 0, 1);

        Assert.Contains("\n-\u001b[31mred\u001b[0m\n+\u001b[32mgreen\u001b[0m\n", Diff(answer));
        Assert.Contains("Binary files a/data.bin and b/data.bin differ\n", Diff(answer));
        Assert.Contains("new file mode 100644\nindex 0000000.." + Abbreviated("\0\u0001") + "\nBinary files /dev/null and b/made.bin differ\n", Diff(answer));
    }

    [Fact]
    public async Task Non_ascii_names_are_printed_as_they_are_and_names_git_must_quote_are_quoted()
    {
        var was = new Dictionary<string, string>
        {
            ["ü.txt"] = "über\n",
            ["日本/設定.md"] = "一\n",
            ["with space.txt"] = "s\n",
            ["say \"hi\".txt"] = "q\n",
            ["keep é.txt"] = "k\n",
        };
        var id = await CreateKataAsync(was);
        await RunAsync(id, new Dictionary<string, string>
        {
            ["ü.txt"] = "überall\n",
            ["日本/設定.md"] = "二\n",
            ["with space.txt"] = "S\n",
            ["say \"hi\".txt"] = "Q\n",
            ["keep é.txt"] = "k\n",
        }, 1);

        var answer = await AssertAsGitPrintsAsync(id, 0, 1);

        Assert.Contains("diff --git a/ü.txt b/ü.txt\n", Diff(answer));
        Assert.Contains("--- a/日本/設定.md\n+++ b/日本/設定.md\n", Diff(answer));
        Assert.Contains("--- a/with space.txt\t\n+++ b/with space.txt\t\n", Diff(answer));
        Assert.Contains("diff --git \"a/say \\\"hi\\\".txt\" \"b/say \\\"hi\\\".txt\"\n", Diff(answer));
        Assert.Equal(["keep é.txt"], Unchanged(answer));
    }

    [Fact]
    public async Task An_event_against_itself_is_an_empty_diff_with_every_file_unchanged()
    {
        var id = await CreateKataAsync(TennisManifest());
        var files = TennisFiles();
        files["tennis.py"] = "def score(a, b):\n    return 'Fifteen love'\n";
        await RunAsync(id, files, 1);

        foreach (var index in new[] { 0, 1 })
        {
            var answer = await AssertAsGitPrintsAsync(id, index, index);
            Assert.Equal("", Diff(answer));
            Assert.Equal(["cyber-dojo.sh", "readme.txt", "tennis.py", "tennis_unit_test.py"], Unchanged(answer));
        }
    }

    [Fact]
    public async Task Diffs_across_many_events_and_packs_are_what_git_prints()
    {
        var files = new Dictionary<string, string> { ["a.txt"] = "a\n", ["b.txt"] = "b\n" };
        var id = await CreateKataAsync(files);
        for (var tab = 1; tab <= 10; tab++)
        {
            files[$"file{tab}.txt"] = $"file {tab}\n";
            files["a.txt"] += $"a{tab}\n";
            if (tab == 5) files.Remove("b.txt");
            await RunAsync(id, files, tab);
        }

        foreach (var (was, now) in new[] { (0, 10), (3, 7), (10, 2) })
            await AssertAsGitPrintsAsync(id, was, now);
    }

    [Fact]
    public async Task Bad_indexes_are_refused_as_diff_lines_refuses_them()
    {
        var id = await CreateKataAsync(TennisManifest());
        await RunAsync(id, TennisFiles(), 1);

        await AssertRefusedAsync(id, 2, 0, "Invalid +ve index 2 [2 events]");
        await AssertRefusedAsync(id, 1, 2, "Invalid +ve index 2 [2 events]");
        await AssertRefusedAsync(id, 5, "x", "Invalid +ve index 5 [2 events]");
        await AssertRefusedAsync(id, -1, 0, "was_index must be an integer >= 0, not -1");
        await AssertRefusedAsync(id, 0, -1, "now_index must be an integer >= 0, not -1");
        await AssertRefusedAsync(id, "1", 0, "was_index must be an integer >= 0, not \"1\"");
        await AssertRefusedAsync(id, 0, 1.5, "now_index must be an integer >= 0, not 1.5");
        await AssertRefusedAsync(id, null, 0, "was_index must be an integer >= 0, not null");
        await AssertRefusedAsync(id, 0, 99999999999999999999m, "Invalid +ve index 99999999999999999999 [2 events]");

        // Query-string values are strings, so only a JSON body can name events.
        var fromQuery = await Api.SendRawAsync(HttpMethod.Get, $"/kata_git_diff?id={id}&was_index=0&now_index=1");
        Assert.Equal(HttpStatusCode.InternalServerError, fromQuery.Status);
        Assert.Equal("was_index must be an integer >= 0, not \"0\"", fromQuery.Exception);
    }

    [Fact]
    public async Task An_unknown_kata_is_400_a_missing_index_500_and_a_post_404()
    {
        foreach (var unknown in new[] { "123AbZ", "12345" })
        {
            var answer = await GetGitDiffAsync(unknown, 0, 0);
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal($"kata {unknown} does not exist", answer.Exception);
        }
        var missing = await Api.GetAsync("kata_git_diff", new JsonObject { ["id"] = "123AbZ", ["was_index"] = 0 });
        Assert.Equal(HttpStatusCode.InternalServerError, missing.Status);
        Assert.Equal("missing keyword: :now_index", missing.Exception);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostAsync("kata_git_diff", new JsonObject())).Status);
    }

    private async Task AssertRefusedAsync(string id, JsonNode? was, JsonNode? now, string message)
    {
        var answer = await GetGitDiffAsync(id, was, now);
        Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        Assert.Equal(message, answer.Exception);
    }

    [Theory]
    [InlineData("5rTJv5", 0, 1)]
    [InlineData("5rTJv5", 3, 0)]
    [InlineData("5U2J18", 0, 3)]
    public async Task An_old_format_katas_file_sets_diff_as_git_diffs_them_in_a_repository_of_their_own(string id, int was, int now)
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);

        var answer = await GitDiffAsync(id, was, now);

        var wasEvent = await Api.ReadAsync("kata_event", new JsonObject { ["id"] = id, ["index"] = was });
        AssertJsonEqual(wasEvent, answer["was"]);
        var wasFiles = FileContents(wasEvent!["files"]!);
        var nowFiles = FileContents((await FilesAtAsync(id, now)));
        using var folder = new TempDirectory("old-format-git-diff");
        GitOracle.CommitTwoFileSets(folder.Path, wasFiles, nowFiles);
        Assert.Equal(
            GitOracle.Run(folder.Path, "diff", "--ignore-space-at-eol", "--find-renames", "--unified=100000", "HEAD~1", "HEAD"),
            Diff(answer));
        Assert.Contains("diff --git ", Diff(answer));
        Assert.Equal(nowFiles.Keys.Where(name => wasFiles.TryGetValue(name, out var content) && content == nowFiles[name]).Order(StringComparer.Ordinal), Unchanged(answer));
    }

    private static Dictionary<string, string> FileContents(JsonNode files) =>
        files.AsObject().ToDictionary(file => file.Key, file => file.Value!["content"]!.GetValue<string>());

    [Fact]
    public async Task An_old_format_kata_refuses_bad_indexes_as_diff_lines_does()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);

        await AssertRefusedAsync("5rTJv5", 4, 0, "Invalid +ve index 4 [4 events]");
        await AssertRefusedAsync("5rTJv5", 0, -1, "now_index must be an integer >= 0, not -1");
    }
}
