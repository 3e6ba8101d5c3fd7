using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Saver.Storage.Diffs;

namespace Saver.Tests.Diffs;

/// <summary>
/// Whatever the texts, the diff must account for both of them: its same and added lines
/// spell the new text exactly, its same and deleted lines the old text up to end-of-line
/// whitespace, and the numbers count up from 1 on each side.
/// </summary>
public class GitLineDiffPropertyTests
{
    // Few distinct lines, so texts share lines and the diff has real choices to make;
    // trailing blanks and CRLF so whitespace at end of line gets ignored.
    private static readonly string[] Pieces = ["a", "b", "{", "}", "", "  x", "a ", "b\t", "é✓", "🎉"];

    private static Arbitrary<string> Texts() =>
        Gen.Elements(Pieces)
            .SelectMany(text => Gen.Elements("\n", "\n", "\n", "\r\n"), (text, ending) => text + ending)
            .ListOf()
            .SelectMany(lines => Gen.Elements(true, false), (lines, finalNewline) => Join(lines, finalNewline))
            .ToArbitrary();

    private static string Join(IEnumerable<string> lines, bool finalNewline)
    {
        var text = string.Concat(lines);
        return finalNewline ? text : text.TrimEnd('\n').TrimEnd('\r');
    }

    [Property(MaxTest = 400)]
    public Property The_new_side_is_spelled_exactly_by_same_and_added_lines() =>
        Prop.ForAll(Texts(), Texts(), (oldText, newText) =>
        {
            var diff = GitLineDiff.Compare(oldText, newText);
            if (diff.Lines.Count == 0) return EqualUpToLineEndWhitespace(oldText, newText);
            return Spell(diff.Lines.Where(line => line.NewNumber is not null)) == newText;
        });

    [Property(MaxTest = 400)]
    public Property The_old_side_is_spelled_by_same_and_deleted_lines_up_to_line_end_whitespace() =>
        Prop.ForAll(Texts(), Texts(), (oldText, newText) =>
        {
            var diff = GitLineDiff.Compare(oldText, newText);
            if (diff.Lines.Count == 0) return EqualUpToLineEndWhitespace(oldText, newText);
            // Line by line: a same line carries the new side's ending, which need not be the old one's.
            return diff.Lines.Where(line => line.OldNumber is not null).Select(line => WithoutEndWhitespace(line.Text))
                .SequenceEqual(LinesWithoutEndWhitespace(oldText));
        });

    [Property(MaxTest = 400)]
    public Property Line_numbers_count_up_from_one_on_each_side() =>
        Prop.ForAll(Texts(), Texts(), (oldText, newText) =>
        {
            var lines = GitLineDiff.Compare(oldText, newText).Lines;
            var oldNumbers = lines.Where(line => line.OldNumber is not null).Select(line => line.OldNumber!.Value);
            var newNumbers = lines.Where(line => line.NewNumber is not null).Select(line => line.NewNumber!.Value);
            return oldNumbers.SequenceEqual(Enumerable.Range(1, oldNumbers.Count()))
                && newNumbers.SequenceEqual(Enumerable.Range(1, newNumbers.Count()));
        });

    [Property(MaxTest = 400)]
    public Property Deletions_come_before_additions_within_each_change() =>
        Prop.ForAll(Texts(), Texts(), (oldText, newText) =>
        {
            var lines = GitLineDiff.Compare(oldText, newText).Lines;
            return lines.Zip(lines.Skip(1)).All(pair => !(pair.First.Kind == DiffLineKind.Added && pair.Second.Kind == DiffLineKind.Deleted));
        });

    private static string Spell(IEnumerable<DiffLine> lines) => string.Concat(lines.Select(line => line.Text + line.Ending switch
    {
        LineEnding.LineFeed => "\n",
        _ => "",
    }));

    private static bool EqualUpToLineEndWhitespace(string x, string y) =>
        LinesWithoutEndWhitespace(x).SequenceEqual(LinesWithoutEndWhitespace(y));

    // git's XDF_IGNORE_WHITESPACE_AT_EOL compares lines with trailing XDL_ISSPACE characters removed.
    private static IEnumerable<string> LinesWithoutEndWhitespace(string text)
    {
        if (text.Length == 0) yield break;
        var lines = text.Split('\n');
        var count = text.EndsWith('\n') ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < count; i++) yield return WithoutEndWhitespace(lines[i]);
    }

    private static string WithoutEndWhitespace(string line) => line.TrimEnd(' ', '\t', '\r', '\f', '\v');
}
