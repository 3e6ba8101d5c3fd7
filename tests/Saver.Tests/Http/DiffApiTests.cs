using System.Net;
using System.Text.Json.Nodes;
using Saver.Tests.Diffs;
using Saver.Tests.Infrastructure;
using static Saver.Tests.Infrastructure.Katas;

namespace Saver.Tests.Http;

/// <summary>diff_lines and diff_summary through real HTTP (docs/api.md §3.7, §8 checks 43–45).</summary>
public abstract class DiffApiTests(StoreUnderTest store) : OneAppPerTest(store)
{
    private Task<JsonNode?> DiffLinesAsync(string id, JsonNode? was, JsonNode? now) =>
        Api.ReadAsync("diff_lines", new JsonObject { ["id"] = id, ["was_index"] = was, ["now_index"] = now });

    private Task<JsonNode?> DiffSummaryAsync(string id, JsonNode? was, JsonNode? now) =>
        Api.ReadAsync("diff_summary", new JsonObject { ["id"] = id, ["was_index"] = was, ["now_index"] = now });

    [Fact]
    public async Task Check_43_two_lines_added_to_cyber_dojo_sh_and_three_files_unchanged()
    {
        var id = await CreateKataAsync(TennisManifest());
        var files = TennisFiles();
        files["cyber-dojo.sh"] = "python -m unittest *test*.py\nHello\nWorld\n";
        await Api.WriteAsync("kata_file_edit", FileWrite(id, files, LaptopA, 1));

        JsonAssert.Equal("""
            [{"type":"changed","old_filename":"cyber-dojo.sh","new_filename":"cyber-dojo.sh",
              "line_counts":{"added":2,"deleted":0,"same":1},
              "lines":[{"type":"same","line":"python -m unittest *test*.py","number":1},
                       {"type":"section","index":0},
                       {"type":"added","line":"Hello","number":2},
                       {"type":"added","line":"World","number":3}]},
             {"type":"unchanged","old_filename":"readme.txt","new_filename":"readme.txt",
              "line_counts":{"added":0,"deleted":0,"same":1},
              "lines":[{"type":"same","line":"Tennis has a rather quirky scoring system.","number":1}]},
             {"type":"unchanged","old_filename":"tennis.py","new_filename":"tennis.py",
              "line_counts":{"added":0,"deleted":0,"same":2},
              "lines":[{"type":"same","line":"def score(a, b):","number":1},
                       {"type":"same","line":"    return 'Love all'","number":2}]},
             {"type":"unchanged","old_filename":"tennis_unit_test.py","new_filename":"tennis_unit_test.py",
              "line_counts":{"added":0,"deleted":0,"same":2},
              "lines":[{"type":"same","line":"import unittest","number":1},
                       {"type":"same","line":"from tennis import score","number":2}]}]
            """, (await DiffLinesAsync(id, 0, 1))!);
    }

    [Fact]
    public async Task Check_44_hiker_h_edited_and_renamed_to_diamond_h_is_one_renamed_entry()
    {
        var id = await CreateKataAsync(new Dictionary<string, string> { ["hiker.h"] = "a\nb\nc\nd" });
        await RunAsync(id, new Dictionary<string, string> { ["diamond.h"] = "a\nb\nX\nd" }, 1);

        JsonAssert.Equal("""
            [{"type":"renamed","old_filename":"hiker.h","new_filename":"diamond.h",
              "line_counts":{"added":1,"deleted":1,"same":3},
              "lines":[{"type":"same","line":"a","number":1},
                       {"type":"same","line":"b","number":2},
                       {"type":"section","index":0},
                       {"type":"deleted","line":"c","number":3},
                       {"type":"added","line":"X","number":3},
                       {"type":"same","line":"d","number":4}]}]
            """, (await DiffLinesAsync(id, 0, 1))!);
    }

    [Fact]
    public async Task Check_44_an_empty_file_created_deleted_or_renamed_has_no_lines()
    {
        var readme = new Dictionary<string, string> { ["readme.txt"] = "hi\n" };
        var id = await CreateKataAsync(new Dictionary<string, string>(readme) { ["empty.file"] = "" });
        await RunAsync(id, new Dictionary<string, string>(readme) { ["empty.file"] = "", ["new.file"] = "" }, 1);
        await RunAsync(id, new Dictionary<string, string>(readme) { ["empty.file"] = "" }, 2);
        await RunAsync(id, new Dictionary<string, string>(readme) { ["empty.renamed"] = "" }, 3);

        const string unchangedReadme = """
            {"type":"unchanged","old_filename":"readme.txt","new_filename":"readme.txt",
             "line_counts":{"added":0,"deleted":0,"same":1},"lines":[{"type":"same","line":"hi","number":1}]}
            """;
        const string unchangedEmpty = """
            {"type":"unchanged","old_filename":"empty.file","new_filename":"empty.file",
             "line_counts":{"added":0,"deleted":0,"same":0},"lines":[]}
            """;
        JsonAssert.Equal($$"""
            [{"type":"created","old_filename":null,"new_filename":"new.file",
              "line_counts":{"added":0,"deleted":0,"same":0},"lines":[]},
             {{unchangedEmpty}}, {{unchangedReadme}}]
            """, (await DiffLinesAsync(id, 0, 1))!);
        JsonAssert.Equal($$"""
            [{"type":"deleted","old_filename":"new.file","new_filename":null,
              "line_counts":{"added":0,"deleted":0,"same":0},"lines":[]},
             {{unchangedEmpty}}, {{unchangedReadme}}]
            """, (await DiffLinesAsync(id, 1, 2))!);
        JsonAssert.Equal($$"""
            [{"type":"renamed","old_filename":"empty.file","new_filename":"empty.renamed",
              "line_counts":{"added":0,"deleted":0,"same":0},"lines":[]},
             {{unchangedReadme}}]
            """, (await DiffLinesAsync(id, 2, 3))!);
    }

    private const string ChangedRenamedCreatedDeletedAndUnchanged = """
        [{"type":"renamed","old_filename":"hiker.py","new_filename":"answer.py",
          "line_counts":{"added":1,"deleted":1,"same":3},
          "lines":[{"type":"same","line":"def answer():","number":1},
                   {"type":"section","index":0},
                   {"type":"deleted","line":"    return 6 * 9","number":2},
                   {"type":"added","line":"    return 42","number":2},
                   {"type":"same","line":"","number":3},
                   {"type":"same","line":"print(answer())","number":4}]},
         {"type":"created","old_filename":null,"new_filename":"new.txt",
          "line_counts":{"added":1,"deleted":0,"same":0},
          "lines":[{"type":"section","index":0},{"type":"added","line":"fresh","number":1}]},
         {"type":"deleted","old_filename":"obsolete.txt","new_filename":null,
          "line_counts":{"added":0,"deleted":1,"same":0},
          "lines":[{"type":"section","index":0},{"type":"deleted","line":"gone","number":1}]},
         {"type":"unchanged","old_filename":"cyber-dojo.sh","new_filename":"cyber-dojo.sh",
          "line_counts":{"added":0,"deleted":0,"same":1},
          "lines":[{"type":"same","line":"python answer.py","number":1}]},
         {"type":"unchanged","old_filename":"readme.txt","new_filename":"readme.txt",
          "line_counts":{"added":0,"deleted":0,"same":2},
          "lines":[{"type":"same","line":"Life, the universe","number":1},{"type":"same","line":"and everything","number":2}]}]
        """;

    /// <summary>A kata whose event 1 renames and edits hiker.py, creates new.txt, deletes obsolete.txt and keeps two files.</summary>
    private async Task<string> CreateKataWithEveryKindOfChangeAsync()
    {
        var unchanged = new Dictionary<string, string>
        {
            ["cyber-dojo.sh"] = "python answer.py\n",
            ["readme.txt"] = "Life, the universe\nand everything\n",
        };
        var id = await CreateKataAsync(new Dictionary<string, string>(unchanged)
        {
            ["hiker.py"] = "def answer():\n    return 6 * 9\n\nprint(answer())\n",
            ["obsolete.txt"] = "gone\n",
        });
        await RunAsync(id, new Dictionary<string, string>(unchanged)
        {
            ["answer.py"] = "def answer():\n    return 42\n\nprint(answer())\n",
            ["new.txt"] = "fresh\n",
        }, 1);
        return id;
    }

    [Fact]
    public async Task One_diff_lists_a_changed_rename_a_creation_a_deletion_then_the_unchanged_files()
    {
        var id = await CreateKataWithEveryKindOfChangeAsync();

        JsonAssert.Equal(ChangedRenamedCreatedDeletedAndUnchanged, (await DiffLinesAsync(id, 0, 1))!);
    }

    [Fact]
    public async Task Diff_summary_is_diff_lines_without_the_lines()
    {
        var id = await CreateKataWithEveryKindOfChangeAsync();

        var expected = JsonNode.Parse(ChangedRenamedCreatedDeletedAndUnchanged)!.AsArray();
        foreach (var entry in expected) entry!.AsObject().Remove("lines");
        JsonAssert.Equal(expected.ToJsonString(), (await DiffSummaryAsync(id, 0, 1))!);
    }

    [Fact]
    public async Task Diffs_go_either_way_and_an_event_against_itself_is_all_unchanged()
    {
        var id = await CreateKataWithEveryKindOfChangeAsync();

        var backwards = (await DiffSummaryAsync(id, 1, 0))!.AsArray();
        Assert.Equal(
            ["renamed answer.py>hiker.py 1/1/3", "deleted new.txt> 0/1/0", "created >obsolete.txt 1/0/0",
             "unchanged cyber-dojo.sh>cyber-dojo.sh 0/0/1", "unchanged readme.txt>readme.txt 0/0/2"],
            backwards.Select(Describe));

        var itself = (await DiffSummaryAsync(id, 1, 1))!.AsArray();
        Assert.Equal(
            ["unchanged answer.py>answer.py 0/0/4", "unchanged cyber-dojo.sh>cyber-dojo.sh 0/0/1",
             "unchanged new.txt>new.txt 0/0/1", "unchanged readme.txt>readme.txt 0/0/2"],
            itself.Select(Describe));
    }

    private static string Describe(JsonNode? entry)
    {
        var counts = entry!["line_counts"]!;
        return $"{entry["type"]} {entry["old_filename"]}>{entry["new_filename"]} " +
               $"{counts["added"]}/{counts["deleted"]}/{counts["same"]}";
    }

    [Theory]
    [InlineData("diff_lines")]
    [InlineData("diff_summary")]
    public async Task Check_45_an_index_past_the_last_event_is_500_and_was_index_is_checked_first(string method)
    {
        var id = await CreateKataAsync(TennisManifest());

        await AssertRefusedAsync(method, id, 1, 2, "Invalid +ve index 1 [1 event]");
        await AssertRefusedAsync(method, id, 0, 1, "Invalid +ve index 1 [1 event]");
        await AssertRefusedAsync(method, id, 3, "x", "Invalid +ve index 3 [1 event]");
        await AssertRefusedAsync(method, id, 0, 99999999999999999999m, "Invalid +ve index 99999999999999999999 [1 event]");

        await RunAsync(id, TennisFiles(), 1);
        await AssertRefusedAsync(method, id, 2, 0, "Invalid +ve index 2 [2 events]");
        await AssertRefusedAsync(method, id, 1, 2, "Invalid +ve index 2 [2 events]");
    }

    [Theory]
    [InlineData("diff_lines")]
    [InlineData("diff_summary")]
    public async Task A_negative_or_non_integer_index_is_500_naming_the_argument(string method)
    {
        var id = await CreateKataAsync(TennisManifest());
        await RunAsync(id, TennisFiles(), 1);

        await AssertRefusedAsync(method, id, -1, 0, "was_index must be an integer >= 0, not -1");
        await AssertRefusedAsync(method, id, 0, -1, "now_index must be an integer >= 0, not -1");
        await AssertRefusedAsync(method, id, "1", 0, "was_index must be an integer >= 0, not \"1\"");
        await AssertRefusedAsync(method, id, 0, "abc", "now_index must be an integer >= 0, not \"abc\"");
        await AssertRefusedAsync(method, id, 1.5, 0, "was_index must be an integer >= 0, not 1.5");
        await AssertRefusedAsync(method, id, null, 0, "was_index must be an integer >= 0, not null");
        await AssertRefusedAsync(method, id, 0, true, "now_index must be an integer >= 0, not true");
        await AssertRefusedAsync(method, id, new JsonArray(1), 0, "was_index must be an integer >= 0, not [1]");
        await AssertRefusedAsync(method, id, "x", 5, "was_index must be an integer >= 0, not \"x\"");

        // Query-string values are strings, so only a JSON body can name events.
        var fromQuery = await Api.SendRawAsync(HttpMethod.Get, $"/{method}?id={id}&was_index=0&now_index=1");
        Assert.Equal(HttpStatusCode.InternalServerError, fromQuery.Status);
        Assert.Equal("was_index must be an integer >= 0, not \"0\"", fromQuery.Exception);
    }

    [Theory]
    [InlineData("diff_lines")]
    [InlineData("diff_summary")]
    public async Task An_unknown_kata_is_400_and_a_missing_index_500(string method)
    {
        foreach (var unknown in new[] { "123AbZ", "12345" })
        {
            var answer = await Api.GetAsync(method, new JsonObject { ["id"] = unknown, ["was_index"] = 0, ["now_index"] = 0 });
            Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
            Assert.Equal($"kata {unknown} does not exist", answer.Exception);
        }
        var missing = await Api.GetAsync(method, new JsonObject { ["id"] = "123AbZ", ["was_index"] = 0 });
        Assert.Equal(HttpStatusCode.InternalServerError, missing.Status);
        Assert.Equal("missing keyword: :now_index", missing.Exception);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PostAsync(method, new JsonObject())).Status);
    }

    private async Task AssertRefusedAsync(string method, string id, JsonNode? was, JsonNode? now, string message)
    {
        var answer = await Api.GetAsync(method, new JsonObject { ["id"] = id, ["was_index"] = was, ["now_index"] = now });
        Assert.Equal(HttpStatusCode.InternalServerError, answer.Status);
        Assert.Equal(message, answer.Exception);
    }

    [Fact]
    public async Task A_small_file_reverted_under_a_new_name_is_renamed_as_libgit2_and_the_original_find_it()
    {
        var id = await CreateKataAsync(new Dictionary<string, string> { ["renamed_39_new_0.py"] = "# edit 23\n# change 25\n# change 33\n# change 37\n# change 43\n" });
        await RunAsync(id, new Dictionary<string, string> { ["new_0.py"] = "# edit 23\n# change 25\n" }, 1);

        var summary = (await DiffSummaryAsync(id, 0, 1))!.AsArray();
        Assert.Equal(["renamed renamed_39_new_0.py>new_0.py 0/3/2"], summary.Select(Describe));
        var events = (await Api.ReadAsync("kata_events", new JsonObject { ["id"] = id }))!.AsArray();
        Assert.Equal((0, 3), (events[1]!["diff_added_count"]!.GetValue<int>(), events[1]!["diff_deleted_count"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Lines_of_a_file_edited_on_windows_keep_their_carriage_return_as_the_originals_do()
    {
        var id = await CreateKataAsync(new Dictionary<string, string> { ["tab.txt"] = "\ttab 7\r\nold\r\n", ["same.txt"] = "p\r\nq\r\n" });
        await RunAsync(id, new Dictionary<string, string> { ["tab.txt"] = "\ttab 7\r\nnew\r\n", ["same.txt"] = "p\r\nq\r\n" }, 1);

        JsonAssert.Equal("""
            [{"type":"changed","old_filename":"tab.txt","new_filename":"tab.txt",
              "line_counts":{"added":1,"deleted":1,"same":1},
              "lines":[{"type":"same","line":"\ttab 7\r","number":1},
                       {"type":"section","index":0},
                       {"type":"deleted","line":"old\r","number":2},
                       {"type":"added","line":"new\r","number":2}]},
             {"type":"unchanged","old_filename":"same.txt","new_filename":"same.txt",
              "line_counts":{"added":0,"deleted":0,"same":2},
              "lines":[{"type":"same","line":"p\r","number":1},{"type":"same","line":"q\r","number":2}]}]
            """, (await DiffLinesAsync(id, 0, 1))!);
    }

    [Fact]
    public async Task A_format_0_katas_events_are_diffed_as_file_sets()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);

        var diff = (await DiffLinesAsync("5rTJv5", 0, 1))!.AsArray();
        JsonAssert.Equal("""
            {"type":"changed","old_filename":"hiker.rb","new_filename":"hiker.rb",
             "line_counts":{"added":1,"deleted":1,"same":3},
             "lines":[{"type":"same","line":"","number":1},
                      {"type":"same","line":"def answer","number":2},
                      {"type":"section","index":0},
                      {"type":"deleted","line":"  6 * 9","number":3},
                      {"type":"added","line":"  6 * 999","number":3},
                      {"type":"same","line":"end","number":4}]}
            """, diff[0]!);
        Assert.Equal(
            // The unchanged files in the order event 1 holds them, as the original lists them.
            ["changed hiker.rb>hiker.rb 1/1/3", "unchanged test_hiker.rb>test_hiker.rb 0/0/11", "unchanged cyber-dojo.sh>cyber-dojo.sh 0/0/4",
             "unchanged coverage.rb>coverage.rb 0/0/4", "unchanged readme.txt>readme.txt 0/0/45"],
            diff.Select(Describe));
        await AssertRefusedAsync("diff_lines", "5rTJv5", 4, 0, "Invalid +ve index 4 [4 events]");
    }

    [Fact]
    public async Task A_format_1_katas_events_are_diffed_as_file_sets()
    {
        await Fixtures.LoadOldFormatsAsync(App.Blobs);

        var diff = (await DiffSummaryAsync("5U2J18", 0, 3))!.AsArray();
        Assert.Equal("changed hiker.sh>hiker.sh 1/1/5", Describe(diff[0]));
        Assert.All(diff.Skip(1), entry => Assert.Equal("unchanged", entry!["type"]!.GetValue<string>()));
        // The unchanged files in event 3's order (its 3.event.json), not sorted.
        Assert.Equal(["hiker.sh", "test_hiker.sh", "bats_help.txt", "cyber-dojo.sh", "readme.txt"],
            diff.Select(entry => entry!["new_filename"]!.GetValue<string>()));
    }
}
