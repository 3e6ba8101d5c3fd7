using Saver.Storage.Diffs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Diffs;

/// <summary>diff_lines / diff_summary (saver API §3.7), through the file-set entry point.</summary>
public sealed class FilesDifferTests : IDisposable
{
    private readonly TempDirectory _scratch = new("differ");
    private readonly FilesDiffer _differ;

    public FilesDifferTests()
    {
        _differ = new FilesDiffer(_scratch.Path);
    }

    public void Dispose()
    {
        _differ.Dispose();
        _scratch.Dispose();
    }

    private IReadOnlyList<FileDiff> Diff(Dictionary<string, string> was, Dictionary<string, string> now) => _differ.Compare(was, now);

    [Fact]
    public void Spec_example_a_line_inserted_between_two()
    {
        var diffs = Diff(new() { ["f.txt"] = "a\nc" }, new() { ["f.txt"] = "a\nB\nc" });

        JsonAssert.Equal("""
            [{"type":"changed","old_filename":"f.txt","new_filename":"f.txt",
              "line_counts":{"added":1,"deleted":0,"same":2},
              "lines":[{"type":"same","line":"a","number":1},
                       {"type":"section","index":0},
                       {"type":"added","line":"B","number":2},
                       {"type":"same","line":"c","number":3}]}]
            """, FileDiffJson.ForDiffLines(diffs));
    }

    [Fact]
    public void Check_43_an_edited_cyber_dojo_sh_then_the_unchanged_files_in_path_order()
    {
        var was = Tennis();
        var now = Tennis();
        now["cyber-dojo.sh"] += "Hello\nWorld\n";

        JsonAssert.Equal("""
            [{"type":"changed","old_filename":"cyber-dojo.sh","new_filename":"cyber-dojo.sh",
              "line_counts":{"added":2,"deleted":0,"same":1},
              "lines":[{"type":"same","line":"python -m unittest *test*.py","number":1},
                       {"type":"section","index":0},
                       {"type":"added","line":"Hello","number":2},
                       {"type":"added","line":"World","number":3}]},
             {"type":"unchanged","old_filename":"readme.txt","new_filename":"readme.txt",
              "line_counts":{"added":0,"deleted":0,"same":2},
              "lines":[{"type":"same","line":"Tennis","number":1},
                       {"type":"same","line":"Score a game.","number":2}]},
             {"type":"unchanged","old_filename":"tennis.py","new_filename":"tennis.py",
              "line_counts":{"added":0,"deleted":0,"same":2},
              "lines":[{"type":"same","line":"def score(p1, p2):","number":1},
                       {"type":"same","line":"    return 'love all'","number":2}]},
             {"type":"unchanged","old_filename":"tennis_unit_test.py","new_filename":"tennis_unit_test.py",
              "line_counts":{"added":0,"deleted":0,"same":2},
              "lines":[{"type":"same","line":"import unittest","number":1},
                       {"type":"same","line":"from tennis import *","number":2}]}]
            """, FileDiffJson.ForDiffLines(Diff(was, now)));
    }

    [Fact]
    public void Check_44_an_edited_rename_keeps_its_section_between_same_lines()
    {
        var diffs = Diff(new() { ["hiker.h"] = "a\nb\nc\nd" }, new() { ["diamond.h"] = "a\nb\nX\nd" });

        JsonAssert.Equal("""
            [{"type":"renamed","old_filename":"hiker.h","new_filename":"diamond.h",
              "line_counts":{"added":1,"deleted":1,"same":3},
              "lines":[{"type":"same","line":"a","number":1},
                       {"type":"same","line":"b","number":2},
                       {"type":"section","index":0},
                       {"type":"deleted","line":"c","number":3},
                       {"type":"added","line":"X","number":3},
                       {"type":"same","line":"d","number":4}]}]
            """, FileDiffJson.ForDiffLines(diffs));
    }

    [Fact]
    public void Check_44_an_empty_file_created()
    {
        var diffs = Diff(new() { ["readme.txt"] = "hi\n" }, new() { ["readme.txt"] = "hi\n", ["empty.file"] = "" });

        JsonAssert.Equal("""
            [{"type":"created","old_filename":null,"new_filename":"empty.file",
              "line_counts":{"added":0,"deleted":0,"same":0},"lines":[]},
             {"type":"unchanged","old_filename":"readme.txt","new_filename":"readme.txt",
              "line_counts":{"added":0,"deleted":0,"same":1},"lines":[{"type":"same","line":"hi","number":1}]}]
            """, FileDiffJson.ForDiffLines(diffs));
    }

    [Fact]
    public void Check_44_an_empty_file_deleted()
    {
        var diffs = Diff(new() { ["empty.file"] = "" }, new());

        JsonAssert.Equal("""
            [{"type":"deleted","old_filename":"empty.file","new_filename":null,
              "line_counts":{"added":0,"deleted":0,"same":0},"lines":[]}]
            """, FileDiffJson.ForDiffLines(diffs));
    }

    [Fact]
    public void Check_44_an_empty_file_renamed()
    {
        var diffs = Diff(new() { ["empty.file"] = "" }, new() { ["empty.renamed"] = "" });

        JsonAssert.Equal("""
            [{"type":"renamed","old_filename":"empty.file","new_filename":"empty.renamed",
              "line_counts":{"added":0,"deleted":0,"same":0},"lines":[]}]
            """, FileDiffJson.ForDiffLines(diffs));
    }

    [Fact]
    public void A_created_file_adds_every_line_and_a_deleted_one_deletes_them()
    {
        var diffs = Diff(new() { ["old.txt"] = "gone\n" }, new() { ["new.txt"] = "x\n\n\n" });

        JsonAssert.Equal("""
            [{"type":"created","old_filename":null,"new_filename":"new.txt",
              "line_counts":{"added":3,"deleted":0,"same":0},
              "lines":[{"type":"section","index":0},
                       {"type":"added","line":"x","number":1},
                       {"type":"added","line":"","number":2},
                       {"type":"added","line":"","number":3}]},
             {"type":"deleted","old_filename":"old.txt","new_filename":null,
              "line_counts":{"added":0,"deleted":1,"same":0},
              "lines":[{"type":"section","index":0},{"type":"deleted","line":"gone","number":1}]}]
            """, FileDiffJson.ForDiffLines(diffs));
    }

    [Fact]
    public void An_identical_rename_lists_every_line_as_same_dropping_trailing_empty_lines()
    {
        var diffs = Diff(new() { ["a.txt"] = "x\n\n\n" }, new() { ["b.txt"] = "x\n\n\n" });

        JsonAssert.Equal("""
            [{"type":"renamed","old_filename":"a.txt","new_filename":"b.txt",
              "line_counts":{"added":0,"deleted":0,"same":1},
              "lines":[{"type":"same","line":"x","number":1}]}]
            """, FileDiffJson.ForDiffLines(diffs));
    }

    [Fact]
    public void A_rename_whose_only_change_is_end_of_line_whitespace_lists_the_new_file_as_same()
    {
        var content = "line one\nline two\nline three\nline four\n";
        var diffs = Diff(new() { ["a.txt"] = content }, new() { ["b.txt"] = content.Replace("two\n", "two  \n") });

        var diff = Assert.Single(diffs);
        Assert.Equal((FileDiffType.Renamed, "a.txt", "b.txt"), (diff.Type, diff.OldFilename, diff.NewFilename));
        Assert.Equal(new LineCounts(0, 0, 4), diff.LineCounts);
        Assert.Equal(new SameLine("line two  ", 2), diff.Lines[1]);
    }

    [Fact]
    public void An_unchanged_file_lists_its_lines_as_the_content_split_on_newlines()
    {
        var diffs = Diff(new() { ["a.txt"] = "x\n\n\n", ["b.txt"] = "p\r\n\r\nq\n\n", ["e.txt"] = "" }, new() { ["a.txt"] = "x\n\n\n", ["b.txt"] = "p\r\n\r\nq\n\n", ["e.txt"] = "" });

        JsonAssert.Equal("""
            [{"type":"unchanged","old_filename":"a.txt","new_filename":"a.txt",
              "line_counts":{"added":0,"deleted":0,"same":1},"lines":[{"type":"same","line":"x","number":1}]},
             {"type":"unchanged","old_filename":"b.txt","new_filename":"b.txt",
              "line_counts":{"added":0,"deleted":0,"same":3},
              "lines":[{"type":"same","line":"p\r","number":1},{"type":"same","line":"\r","number":2},{"type":"same","line":"q","number":3}]},
             {"type":"unchanged","old_filename":"e.txt","new_filename":"e.txt",
              "line_counts":{"added":0,"deleted":0,"same":0},"lines":[]}]
            """, FileDiffJson.ForDiffLines(diffs));
    }

    [Fact]
    public void A_change_only_in_trailing_whitespace_is_changed_with_no_lines()
    {
        var diffs = Diff(new() { ["f.txt"] = "a\nb" }, new() { ["f.txt"] = "a \nb\n" });

        JsonAssert.Equal("""
            [{"type":"changed","old_filename":"f.txt","new_filename":"f.txt",
              "line_counts":{"added":0,"deleted":0,"same":0},"lines":[]}]
            """, FileDiffJson.ForDiffLines(diffs));
    }

    [Fact]
    public void A_same_line_differing_in_trailing_whitespace_takes_the_new_text()
    {
        var diffs = Diff(new() { ["f.txt"] = "keep\nold\n" }, new() { ["f.txt"] = "keep  \nnew\n" });

        Assert.Equal(new SameLine("keep  ", 1), Assert.Single(diffs).Lines[0]);
    }

    [Fact]
    public void Crlf_lines_keep_their_carriage_return_as_the_originals_do_and_a_missing_final_newline_adds_nothing()
    {
        var diffs = Diff(new() { ["f.txt"] = "one\r\ntwo\r\nthree" }, new() { ["f.txt"] = "one\r\n2\r\nthree" });

        JsonAssert.Equal("""
            [{"type":"changed","old_filename":"f.txt","new_filename":"f.txt",
              "line_counts":{"added":1,"deleted":1,"same":2},
              "lines":[{"type":"same","line":"one\r","number":1},
                       {"type":"section","index":0},
                       {"type":"deleted","line":"two\r","number":2},
                       {"type":"added","line":"2\r","number":2},
                       {"type":"same","line":"three","number":3}]}]
            """, FileDiffJson.ForDiffLines(diffs));
    }

    [Fact]
    public void Sections_are_numbered_per_file()
    {
        var diffs = Diff(
            new() { ["f.txt"] = "1\n2\n3\n4\n5\n", ["g.txt"] = "a\n" },
            new() { ["f.txt"] = "1\nTWO\n3\n4\nFIVE\n", ["g.txt"] = "b\n" });

        Assert.Equal([0, 1], diffs[0].Lines.OfType<SectionMarker>().Select(marker => marker.Index));
        Assert.Equal([0], diffs[1].Lines.OfType<SectionMarker>().Select(marker => marker.Index));
    }

    [Fact]
    public void Unicode_content_and_names_come_back_intact()
    {
        var diffs = Diff(new() { ["ü/日本.txt"] = "héllo\n" }, new() { ["ü/日本.txt"] = "héllo\n🎉\n" });

        JsonAssert.Equal("""
            [{"type":"changed","old_filename":"ü/日本.txt","new_filename":"ü/日本.txt",
              "line_counts":{"added":1,"deleted":0,"same":1},
              "lines":[{"type":"same","line":"héllo","number":1},{"type":"section","index":0},{"type":"added","line":"🎉","number":2}]}]
            """, FileDiffJson.ForDiffLines(diffs));
    }

    [Fact]
    public void Binary_content_is_changed_with_no_lines()
    {
        var diff = Assert.Single(Diff(new() { ["b.bin"] = "a\0b\n" }, new() { ["b.bin"] = "a\0c\n" }));

        Assert.Equal((FileDiffType.Changed, new LineCounts(0, 0, 0)), (diff.Type, diff.LineCounts));
        Assert.Empty(diff.Lines);
    }

    [Fact]
    public void Changed_entries_come_in_path_order_by_new_name_then_the_unchanged_ones()
    {
        // The order `git diff -M --name-status` prints: R m.txt→a.txt, A c.txt, D z.txt, R e1→zz-empty.
        var was = new Dictionary<string, string>
        {
            ["m.txt"] = "one\ntwo\nthree\nfour\n", ["b.txt"] = "x\n", ["e1"] = "", ["z.txt"] = "q\n", ["sub/k.txt"] = "k\n", ["d.txt"] = "d\n",
        };
        var now = new Dictionary<string, string>
        {
            ["a.txt"] = "one\ntwo\nthree\nfour\n", ["b.txt"] = "x\n", ["zz-empty"] = "", ["c.txt"] = "new\n", ["sub/k.txt"] = "k\n", ["d.txt"] = "D\n",
        };

        var order = Diff(was, now).Select(diff => $"{FileDiffJson.TypeName(diff.Type)} {diff.OldFilename}>{diff.NewFilename}");

        Assert.Equal(
        [
            "renamed m.txt>a.txt", "created >c.txt", "changed d.txt>d.txt", "deleted z.txt>", "renamed e1>zz-empty",
            "unchanged b.txt>b.txt", "unchanged sub/k.txt>sub/k.txt",
        ], order);
    }

    [Fact]
    public void Diff_summary_leaves_out_the_lines()
    {
        var diffs = Diff(new() { ["f.txt"] = "a\nc" }, new() { ["f.txt"] = "a\nB\nc" });

        JsonAssert.Equal("""
            [{"type":"changed","old_filename":"f.txt","new_filename":"f.txt","line_counts":{"added":1,"deleted":0,"same":2}}]
            """, FileDiffJson.ForDiffSummary(diffs));
    }

    [Fact]
    public void No_files_on_either_side_is_no_entries()
    {
        Assert.Empty(Diff(new(), new()));
    }

    [Fact]
    public void File_sets_can_be_compared_from_many_threads_at_once()
    {
        var results = new IReadOnlyList<FileDiff>[24];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 6 }, i =>
            results[i] = _differ.Compare(
                new Dictionary<string, string> { ["f.txt"] = $"a\nb{i % 3}\nc\n", ["same.txt"] = "s\n" },
                new Dictionary<string, string> { ["f.txt"] = $"a\nc\nd{i}\n", ["same.txt"] = "s\n" }));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(2, results[i].Count);
            Assert.Equal(
                [new SameLine("a", 1), new SectionMarker(0), new DeletedLine($"b{i % 3}", 2), new SameLine("c", 2), new SectionMarker(1), new AddedLine($"d{i}", 3)],
                results[i][0].Lines);
        }
    }

    [Fact]
    public void Disposing_removes_the_scratch_repository_and_ends_file_set_comparisons()
    {
        using var folder = new TempDirectory("differ-dispose");
        var differ = new FilesDiffer(folder.Path);
        differ.Compare(new Dictionary<string, string> { ["f"] = "a\n" }, new Dictionary<string, string> { ["f"] = "b\n" });
        Assert.NotEmpty(Directory.GetDirectories(folder.Path));

        differ.Dispose();

        Assert.Empty(Directory.GetDirectories(folder.Path));
        Assert.Throws<ObjectDisposedException>(() => differ.Compare(new Dictionary<string, string>(), new Dictionary<string, string>()));
    }

    private static Dictionary<string, string> Tennis() => new()
    {
        ["cyber-dojo.sh"] = "python -m unittest *test*.py\n",
        ["readme.txt"] = "Tennis\nScore a game.\n",
        ["tennis.py"] = "def score(p1, p2):\n    return 'love all'\n",
        ["tennis_unit_test.py"] = "import unittest\nfrom tennis import *\n",
    };
}
