using Saver.Storage.Diffs;

namespace Saver.Tests.Diffs;

/// <summary>
/// Reads <c>git diff -M --unified=&lt;all&gt;</c> output into the API's file diff entries,
/// the way the original saver parsed it: sections, deletions, then additions; context
/// numbered in the new file. A rename without a hunk is marked by <see cref="ParsedFileDiff.HasHunk"/>.
/// Paths must not hold spaces.
/// </summary>
internal static class GitCliDiffParser
{
    public static IReadOnlyList<ParsedFileDiff> Parse(string output)
    {
        var lines = output.Split('\n');
        var files = new List<ParsedFileDiff>();
        var i = 0;
        while (i < lines.Length && lines[i].StartsWith("diff --git ", StringComparison.Ordinal))
        {
            var names = lines[i++]["diff --git ".Length..].Split(' ');
            string? oldName = names[0][2..], newName = names[1][2..];
            var type = FileDiffType.Changed;
            for (; i < lines.Length && !lines[i].StartsWith("@@", StringComparison.Ordinal) && !lines[i].StartsWith("diff --git ", StringComparison.Ordinal); i++)
            {
                if (lines[i].StartsWith("new file mode", StringComparison.Ordinal)) type = FileDiffType.Created;
                else if (lines[i].StartsWith("deleted file mode", StringComparison.Ordinal)) type = FileDiffType.Deleted;
                else if (lines[i].StartsWith("rename from ", StringComparison.Ordinal)) (type, oldName) = (FileDiffType.Renamed, lines[i]["rename from ".Length..]);
                else if (lines[i].StartsWith("rename to ", StringComparison.Ordinal)) newName = lines[i]["rename to ".Length..];
            }
            if (type == FileDiffType.Created) oldName = null;
            if (type == FileDiffType.Deleted) newName = null;

            var entries = new List<FileDiffLine>();
            int added = 0, deleted = 0, same = 0, section = 0;
            var hasHunk = i < lines.Length && lines[i].StartsWith("@@", StringComparison.Ordinal);
            if (hasHunk)
            {
                var (oldNumber, newNumber) = HunkStarts(lines[i++]);
                var previous = ' ';
                for (; i < lines.Length && !lines[i].StartsWith("diff --git ", StringComparison.Ordinal); i++)
                {
                    var line = lines[i];
                    if (line.Length == 0 || line[0] == '\\') continue;
                    var origin = line[0];
                    var text = line[1..];
                    // A "\r" before the "\n" stays in the line, as in Saver's (and the original's) lines.
                    if (origin != ' ' && (previous == ' ' || (previous == '+' && origin == '-'))) entries.Add(new SectionMarker(section++));
                    switch (origin)
                    {
                        case ' ': entries.Add(new SameLine(text, newNumber)); oldNumber++; newNumber++; same++; break;
                        case '-': entries.Add(new DeletedLine(text, oldNumber++)); deleted++; break;
                        case '+': entries.Add(new AddedLine(text, newNumber++)); added++; break;
                        default: throw new FormatException($"unexpected diff line: {line}");
                    }
                    previous = origin;
                }
            }
            files.Add(new ParsedFileDiff(new FileDiff(type, oldName, newName, new LineCounts(added, deleted, same), entries), hasHunk));
        }
        if (i < lines.Length && lines[i].Length > 0) throw new FormatException($"unexpected diff output: {lines[i]}");
        return files;
    }

    /// <summary>" N files changed, A insertions(+), D deletions(-)" (parts missing when zero).</summary>
    public static (int Added, int Deleted) ParseShortstat(string output)
    {
        int added = 0, deleted = 0;
        foreach (var part in output.Trim().Split(", ", StringSplitOptions.RemoveEmptyEntries))
        {
            var number = int.Parse(part.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            if (part.Contains("insertion", StringComparison.Ordinal)) added = number;
            else if (part.Contains("deletion", StringComparison.Ordinal)) deleted = number;
        }
        return (added, deleted);
    }

    private static (int Old, int New) HunkStarts(string header)
    {
        // "@@ -1,3 +1,4 @@": a side of zero lines is written "-0,0", its first line would be 1.
        var ranges = header.Split(' ');
        return (Start(ranges[1]), Start(ranges[2]));

        static int Start(string range)
        {
            var start = int.Parse(range[1..].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);
            return Math.Max(start, 1);
        }
    }
}

/// <summary>A file entry read from git's output; a rename git shows without a hunk has no lines.</summary>
internal sealed record ParsedFileDiff(FileDiff Diff, bool HasHunk);
