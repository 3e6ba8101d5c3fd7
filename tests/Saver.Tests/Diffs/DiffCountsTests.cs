using Saver.Storage.Diffs;

namespace Saver.Tests.Diffs;

/// <summary>diff_added_count / diff_deleted_count (saver API §4.3, §8 checks 12 and 29).</summary>
public sealed class DiffCountsTests : IDisposable
{
    private readonly FileTreeRepository _git = new();

    public void Dispose() => _git.Dispose();

    private (int Added, int Deleted) Count((string, string)[] was, (string, string)[] now) =>
        DiffCounts.Count(_git.Repository, _git.Files(was), _git.Files(now));

    [Fact]
    public void A6AE01_appending_lines_to_a_file_lacking_a_final_newline_counts_only_them()
    {
        Assert.Equal((2, 0), Count([("hiker.py", "def answer():\n    return 42")], [("hiker.py", "def answer():\n    return 42\nHello\nworld")]));
    }

    [Fact]
    public void A6AE03_a_rename_counts_nothing()
    {
        Assert.Equal((0, 0), Count([("readme.txt", "a\nb\nc\n"), ("x.py", "x\n")], [("readme.md", "a\nb\nc\n"), ("x.py", "x\n")]));
    }

    [Fact]
    public void A6AE04_a_new_empty_file_counts_nothing()
    {
        Assert.Equal((0, 0), Count([("x.py", "x\n")], [("x.py", "x\n"), ("wibble.txt", "")]));
    }

    [Theory]
    [InlineData("a\nb\nc\n", 3)]
    [InlineData("a\nb\nc", 3)]
    [InlineData("x\n\n\n", 3)]
    [InlineData("", 0)]
    public void A6AE05_deleting_an_N_line_file_counts_N_deleted(string content, int lines)
    {
        Assert.Equal((0, lines), Count([("x.py", "x\n"), ("readme.txt", content)], [("x.py", "x\n")]));
    }

    [Fact]
    public void A6AE06_a_one_line_edit_counts_one_added_and_one_deleted()
    {
        Assert.Equal((1, 1), Count([("readme.txt", "a\nb\nc\n")], [("readme.txt", "a\nB\nc\n")]));
    }

    [Fact]
    public void Check_12_creating_then_editing_then_renaming_a_file()
    {
        var start = new[] { ("cyber-dojo.sh", "run\n") };
        var created = new[] { ("cyber-dojo.sh", "run\n"), ("wibble.txt", "") };
        var edited = new[] { ("cyber-dojo.sh", "run\n"), ("wibble.txt", "hello\n") };
        var renamed = new[] { ("cyber-dojo.sh", "run\n"), ("wobble.txt", "hello\n") };

        Assert.Equal((0, 0), Count(start, created));
        Assert.Equal((1, 0), Count(created, edited));
        Assert.Equal((0, 0), Count(edited, renamed));
    }

    [Fact]
    public void A_created_file_counts_git_s_lines_not_the_listed_ones()
    {
        Assert.Equal((3, 0), Count([], [("new.txt", "x\n\n\n")]));
    }

    [Fact]
    public void A_change_only_in_end_of_line_whitespace_counts_nothing()
    {
        Assert.Equal((0, 0), Count([("f", "a\nb\r\nc")], [("f", "a  \nb\nc\n")]));
    }

    [Fact]
    public void An_edited_rename_counts_its_edits()
    {
        Assert.Equal((1, 1), Count([("hiker.h", "a\nb\nc\nd")], [("diamond.h", "a\nb\nX\nd")]));
    }

    [Fact]
    public void Binary_files_count_nothing_as_in_git_shortstat()
    {
        Assert.Equal((0, 0), Count([("b.bin", "a\0b\n"), ("gone.bin", "\0\n\n")], [("b.bin", "a\0c\nd\n"), ("new.bin", "\0\n")]));
    }

    [Fact]
    public void Counts_add_up_over_files_and_missing_trees_mean_no_files()
    {
        var files = new[] { ("a", "1\n2\n"), ("b/c", "3") };

        Assert.Equal((3, 0), Count([], files));
        Assert.Equal((0, 3), Count(files, []));
        Assert.Equal((0, 0), Count([], []));
        Assert.Equal((2, 2), Count(files, [("a", "1\n"), ("d", "4\n5\n")]));
    }
}
