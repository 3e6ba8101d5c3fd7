using Saver.Storage;
using Saver.Storage.Diffs;
using Saver.Storage.Native;

namespace Saver.Tests.Diffs;

public class GitLineDiffTests
{
    /// <summary>"= old new text" for same, "- old text" for deleted, "+ new text" for added.</summary>
    private static string[] Shape(LineDiff diff) => diff.Lines.Select(line => line.Kind switch
    {
        DiffLineKind.Same => $"= {line.OldNumber} {line.NewNumber} {line.Text}",
        DiffLineKind.Deleted => $"- {line.OldNumber} {line.Text}",
        _ => $"+ {line.NewNumber} {line.Text}",
    }).ToArray();

    [Fact]
    public void Spec_example_an_inserted_line_between_two_same_lines()
    {
        var diff = GitLineDiff.Compare("a\nc", "a\nB\nc");

        Assert.Equal(["= 1 1 a", "+ 2 B", "= 2 3 c"], Shape(diff));
        Assert.Equal((1, 0, 2), (diff.AddedCount, diff.DeletedCount, diff.SameCount));
    }

    [Fact]
    public void A_replaced_line_is_deleted_then_added()
    {
        var diff = GitLineDiff.Compare("a\nb\nc\nd", "a\nb\nX\nd");

        Assert.Equal(["= 1 1 a", "= 2 2 b", "- 3 c", "+ 3 X", "= 4 4 d"], Shape(diff));
    }

    [Fact]
    public void Full_context_gives_one_hunk_spanning_both_texts()
    {
        var oldText = string.Concat(Enumerable.Range(1, 50).Select(n => $"line {n}\n"));
        var newText = oldText.Replace("line 2\n", "line two\n").Replace("line 49\n", "line forty-nine\n");

        var diff = GitLineDiff.Compare(oldText, newText);

        var hunk = Assert.Single(diff.Hunks);
        Assert.Equal((1, 50, 1, 50), (hunk.OldStart, hunk.OldLineCount, hunk.NewStart, hunk.NewLineCount));
        Assert.Equal("@@ -1,50 +1,50 @@", hunk.Header);
        Assert.Equal(52, diff.Lines.Count);
        Assert.Equal((2, 2, 48), (diff.AddedCount, diff.DeletedCount, diff.SameCount));
    }

    [Fact]
    public void Equal_texts_have_no_hunk()
    {
        var diff = GitLineDiff.Compare("a\nb\n", "a\nb\n");

        Assert.Empty(diff.Hunks);
        Assert.Empty(diff.Lines);
    }

    [Fact]
    public void Two_empty_texts_have_no_hunk()
    {
        Assert.Empty(GitLineDiff.Compare("", "").Lines);
    }

    [Fact]
    public void Empty_to_text_adds_every_line()
    {
        var diff = GitLineDiff.Compare("", "x\n\n\n");

        Assert.Equal(["+ 1 x", "+ 2 ", "+ 3 "], Shape(diff));
        var hunk = Assert.Single(diff.Hunks);
        Assert.Equal((0, 0, 1, 3), (hunk.OldStart, hunk.OldLineCount, hunk.NewStart, hunk.NewLineCount));
    }

    [Fact]
    public void Text_to_empty_deletes_every_line()
    {
        Assert.Equal(["- 1 a", "- 2 b"], Shape(GitLineDiff.Compare("a\nb", "")));
    }

    [Theory]
    [InlineData("a\nb", "a\nb\n")]
    [InlineData("a\nb\n", "a\nb")]
    [InlineData("a \nb\t\n", "a\nb\n")]
    [InlineData("a\r\nb\r\n", "a\nb\n")]
    [InlineData("a\nb", "a  \nb \r\n")]
    public void A_change_only_in_end_of_line_whitespace_has_no_hunk(string oldText, string newText)
    {
        var diff = GitLineDiff.Compare(oldText, newText);

        Assert.Empty(diff.Hunks);
        Assert.False(diff.IsBinary);
    }

    [Fact]
    public void Leading_and_inner_whitespace_still_count()
    {
        Assert.Equal(["- 1 a b", "- 2 c", "+ 1 a  b", "+ 2  c"], Shape(GitLineDiff.Compare("a b\nc\n", "a  b\n c\n")));
    }

    [Fact]
    public void A_same_line_that_differs_in_trailing_whitespace_takes_the_new_text()
    {
        var diff = GitLineDiff.Compare("keep   \nold\n", "keep\t\nnew\n");

        Assert.Equal(DiffLine.Same(1, 1, "keep\t"), diff.Lines[0]);
        Assert.Equal(["= 1 1 keep\t", "- 2 old", "+ 2 new"], Shape(diff));
    }

    [Fact]
    public void Appending_to_a_file_without_a_final_newline_adds_only_the_new_lines()
    {
        // §4.3 [A6AE01]: "hi" + "\nHello\nworld" is 2 added, 0 deleted.
        var diff = GitLineDiff.Compare("hi", "hi\nHello\nworld");

        Assert.Equal(["= 1 1 hi", "+ 2 Hello", "+ 3 world"], Shape(diff));
        Assert.Equal(LineEnding.LineFeed, diff.Lines[0].Ending);
        Assert.Equal(LineEnding.None, diff.Lines[2].Ending);
    }

    [Fact]
    public void Crlf_lines_keep_their_carriage_return_as_the_originals_do_and_end_in_a_line_feed()
    {
        var diff = GitLineDiff.Compare("a\r\nb\r\nc", "a\r\nB\r\nc");

        Assert.Equal(["= 1 1 a\r", "- 2 b\r", "+ 2 B\r", "= 3 3 c"], Shape(diff));
        Assert.Equal(
            [LineEnding.LineFeed, LineEnding.LineFeed, LineEnding.LineFeed, LineEnding.None],
            diff.Lines.Select(line => line.Ending));
    }

    [Fact]
    public void A_carriage_return_not_before_a_newline_is_text()
    {
        var diff = GitLineDiff.Compare("", "a\rb\nc\r");

        Assert.Equal(["+ 1 a\rb", "+ 2 c\r"], Shape(diff));
    }

    [Fact]
    public void The_no_newline_markers_are_not_lines()
    {
        // git prints "\ No newline at end of file" after both "-c" and "+X" here.
        var diff = GitLineDiff.Compare("a\nc", "a\nX");

        Assert.Equal(["= 1 1 a", "- 2 c", "+ 2 X"], Shape(diff));
        Assert.All(diff.Lines.Skip(1), line => Assert.Equal(LineEnding.None, line.Ending));
    }

    [Fact]
    public void Old_lines_after_a_same_line_lacking_its_newline_keep_their_numbers()
    {
        // "b\r\n" matches the new last line "b" (no newline) up to end-of-line whitespace and
        // the old text goes on. git numbers the deleted lines 4 and 5; libgit2's own counters
        // say 5 and 6, having counted the newlines of the "\ No newline" marker.
        var diff = GitLineDiff.Compare("é✓\n}\nb\r\n  x\né✓", "a \nb");

        Assert.Equal(["- 1 é✓", "- 2 }", "+ 1 a ", "= 3 2 b", "- 4   x", "- 5 é✓"], Shape(diff));
    }

    [Fact]
    public void Unicode_text_is_diffed_as_utf8_and_decoded_back()
    {
        var diff = GitLineDiff.Compare("héllo wörld\n日本語\n🎉 party\n", "héllo wörld\n日本\n🎉 party ✓\n");

        Assert.Equal(["= 1 1 héllo wörld", "- 2 日本語", "- 3 🎉 party", "+ 2 日本", "+ 3 🎉 party ✓"], Shape(diff));
    }

    [Fact]
    public void Invalid_utf8_bytes_are_dropped_from_the_text()
    {
        var diff = GitLineDiff.Compare([], [(byte)'a', 0xFF, (byte)'b', (byte)'\n']);

        Assert.Equal(["+ 1 ab"], Shape(diff));
    }

    [Fact]
    public void Indent_heuristic_places_an_inserted_block_as_git_does()
    {
        // The example of git's t4061-diff-indent.sh: without the heuristic xdiff adds
        // "a", "", "b" after the old "b"; git's default (diff.indentHeuristic) adds "b", "a", "".
        var diff = GitLineDiff.Compare("1\n2\na\n\nb\n3\n4\n", "1\n2\na\n\nb\na\n\nb\n3\n4\n");

        Assert.Equal(
            ["= 1 1 1", "= 2 2 2", "= 3 3 a", "= 4 4 ", "+ 5 b", "+ 6 a", "+ 7 ", "= 5 8 b", "= 6 9 3", "= 7 10 4"],
            Shape(diff));
    }

    [Fact]
    public void Content_with_a_nul_byte_is_binary_and_has_no_lines()
    {
        var diff = GitLineDiff.Compare("a\0b\nc\n", "a\0b\nd\n");

        Assert.True(diff.IsBinary);
        Assert.Empty(diff.Lines);
    }

    [Fact]
    public void A_nul_byte_beyond_git_s_first_8000_bytes_is_text()
    {
        var prefix = new string('x', 8000) + "\n";
        var diff = GitLineDiff.Compare(prefix + "a\0\n", prefix + "b\0\n");

        Assert.False(diff.IsBinary);
        Assert.Equal((1, 1), (diff.AddedCount, diff.DeletedCount));
    }

    [Fact]
    public void Counting_changes_agrees_with_the_full_diff()
    {
        var oldText = "a\nb\nc\nd\ne\n"u8.ToArray();
        var newText = "a\nB\nc\ne\nf\ng\n"u8.ToArray();

        var full = GitLineDiff.Compare(oldText, newText);

        Assert.Equal((full.AddedCount, full.DeletedCount), GitLineDiff.CountChanges(oldText, newText));
        Assert.Equal((3, 2), GitLineDiff.CountChanges(oldText, newText));
    }

    [Fact]
    public void An_exception_in_a_callback_comes_back_to_the_caller_and_stops_the_diff()
    {
        var sink = new ThrowingSink(throwOnLine: 2);

        var thrown = Assert.Throws<InvalidOperationException>(() => BufferDiff.Run("a\nb\nc\n"u8, "x\ny\nz\n"u8, BufferDiff.FullContext, sink));

        Assert.Equal("line 2", thrown.Message);
        Assert.Equal(2, sink.LinesSeen);
    }

    [Fact]
    public void Many_threads_can_diff_at_once()
    {
        var results = new LineDiff[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
            results[i] = GitLineDiff.Compare($"a\nb{i}\nc\n", $"a\nc\nd{i}\n"));

        for (var i = 0; i < results.Length; i++)
            Assert.Equal(["= 1 1 a", $"- 2 b{i}", "= 3 2 c", $"+ 3 d{i}"], Shape(results[i]));
    }

    private sealed class ThrowingSink(int throwOnLine) : IBufferDiffSink
    {
        public int LinesSeen { get; private set; }

        public void OnFile(bool isBinary)
        {
        }

        public void OnHunk(int oldStart, int oldLineCount, int newStart, int newLineCount, ReadOnlySpan<byte> header)
        {
        }

        public void OnLine(byte origin, ReadOnlySpan<byte> content)
        {
            if (++LinesSeen == throwOnLine) throw new InvalidOperationException("line " + LinesSeen);
        }
    }
}
