namespace Saver.Tests.Diffs;

/// <summary>
/// Seeded random pairs of file sets, as a kata's files/ changes between two events: edits
/// (inserts, deletions, replacements, duplicated blocks, end-of-line whitespace, CRLF, the
/// final newline), deletions, renames and creations.
/// </summary>
/// <remarks>
/// Lines mix repeated ones ("}", "", "    return 0;" …), which give the diff ambiguous
/// choices for git's heuristics to settle, with lines unique to their file. By default
/// renames are identical or edited by one line, and created files share no line with the
/// deleted ones. With <paramref name="tangledRenames"/>, renamed files take any edits,
/// created files may copy a deleted one (edited or not, several times, under the same base
/// name elsewhere), and empty files appear: pairings then sit anywhere around the 50%
/// threshold and ties must be broken as git breaks them.
/// </remarks>
internal sealed class RandomFileSets(int seed, bool tangledRenames = false)
{
    private static readonly string[] Repeated = ["", "{", "}", "  }", "    return 0;", "#include <x>", "def f():", "    pass", "end"];
    private static readonly string[] WasNames = ["a.txt", "b.py", "c/d.txt", "e.md", "src/f.cs", "ü.txt", "g", "h.h"];
    private static readonly string[] NewNames = ["0.txt", "k.txt", "m/n.txt", "x.txt", "zz.txt", "é.txt", "c/a.txt", "b.py2", "m/a.txt", "z/d.txt", "new/b.py"];

    private readonly Random _random = new(seed);
    private int _uniqueLines;

    public (Dictionary<string, string> Was, Dictionary<string, string> Now) Next()
    {
        var was = new Dictionary<string, string>();
        var now = new Dictionary<string, string>();
        var freeNames = new List<string>(NewNames);

        foreach (var name in WasNames.OrderBy(_ => _random.Next()).Take(_random.Next(1, 6)))
        {
            var lines = NewFileLines(minimum: tangledRenames && _random.Next(8) == 0 ? 0 : 1);
            was[name] = string.Concat(lines);
            var original = new List<string>(lines);
            var roll = _random.NextDouble();
            if (roll < 0.20)
            {
                now[name] = was[name];
            }
            else if (roll < 0.60)
            {
                for (var edits = _random.Next(1, 5); edits > 0; edits--) Edit(lines);
                now[name] = string.Concat(lines);
            }
            else if (roll < 0.70)
            {
                // deleted
            }
            else if (roll < 0.85)
            {
                if (tangledRenames)
                {
                    for (var edits = _random.Next(0, 5); edits > 0; edits--) Edit(lines);
                }
                else if (lines.Count >= 8 && _random.Next(2) == 0)
                {
                    ReplaceOrInsertOneLine(lines);
                }
                now[Take(freeNames)] = string.Concat(lines);
            }
            else
            {
                for (var edits = _random.Next(1, 3); edits > 0; edits--) EditEndOfLineWhitespace(lines);
                now[name] = string.Concat(lines);
            }
            if (tangledRenames && !now.ContainsKey(name) && _random.Next(2) == 0)
            {
                // A created copy of what was deleted or moved: a rival rename destination.
                for (var edits = _random.Next(0, 3); edits > 0; edits--) Edit(original);
                if (freeNames.Count > 0) now[Take(freeNames)] = string.Concat(original);
            }
        }
        for (var created = _random.Next(0, 3); created > 0; created--)
            now[Take(freeNames)] = string.Concat(NewFileLines(minimum: 1, repeatedShare: 0));
        return (was, now);
    }

    private string Take(List<string> names)
    {
        var name = names[_random.Next(names.Count)];
        names.Remove(name);
        return name;
    }

    private List<string> NewFileLines(int minimum, double repeatedShare = 0.35)
    {
        var crlf = _random.NextDouble() < 0.15;
        var count = _random.Next(minimum, _random.Next(2) == 0 ? 12 : 30);
        var lines = new List<string>();
        for (var i = 0; i < count; i++) lines.Add(RandomText(repeatedShare) + (crlf ? "\r\n" : "\n"));
        if (lines.Count > 0 && _random.NextDouble() < 0.25) lines[^1] = lines[^1].TrimEnd('\n').TrimEnd('\r');
        return lines;
    }

    private string RandomText(double repeatedShare = 0.35)
    {
        var text = _random.NextDouble() < repeatedShare
            ? Repeated[_random.Next(Repeated.Length)]
            : $"line {seed}-{++_uniqueLines}";
        return _random.NextDouble() < 0.1 ? text + (_random.Next(2) == 0 ? " " : "\t") : text;
    }

    private void Edit(List<string> lines)
    {
        switch (_random.Next(6))
        {
            case 0: // insert 1-3 lines
                var at = _random.Next(lines.Count + 1);
                for (var n = _random.Next(1, 4); n > 0; n--) lines.Insert(at, RandomText() + "\n");
                break;
            case 1: // delete 1-3 lines
                if (lines.Count == 0) break;
                var from = _random.Next(lines.Count);
                lines.RemoveRange(from, Math.Min(lines.Count - from, _random.Next(1, 4)));
                break;
            case 2:
                ReplaceOrInsertOneLine(lines);
                break;
            case 3: // duplicate a block elsewhere: ambiguous for the diff
                if (lines.Count == 0) break;
                var start = _random.Next(lines.Count);
                var block = lines.Skip(start).Take(_random.Next(1, 4)).Select(line => line.EndsWith('\n') ? line : line + "\n").ToList();
                lines.InsertRange(_random.Next(lines.Count + 1), block);
                break;
            default:
                EditEndOfLineWhitespace(lines);
                break;
        }
        // A line that lost its final place keeps a newline: only the last line may lack one.
        for (var i = 0; i < lines.Count - 1; i++)
            if (!lines[i].EndsWith('\n')) lines[i] += "\n";
    }

    private void ReplaceOrInsertOneLine(List<string> lines)
    {
        var at = _random.Next(lines.Count + 1);
        if (at < lines.Count && _random.Next(2) == 0) lines[at] = RandomText() + "\n";
        else lines.Insert(at, RandomText() + "\n");
        for (var i = 0; i < lines.Count - 1; i++)
            if (!lines[i].EndsWith('\n')) lines[i] += "\n";
    }

    private void EditEndOfLineWhitespace(List<string> lines)
    {
        if (lines.Count == 0) return;
        var at = _random.Next(lines.Count);
        var line = lines[at];
        var ending = line.EndsWith("\r\n") ? "\r\n" : line.EndsWith('\n') ? "\n" : "";
        var text = line[..^ending.Length];
        switch (_random.Next(3))
        {
            case 0: // add or remove trailing blanks
                text = text.TrimEnd(' ', '\t') == text ? text + "  " : text.TrimEnd(' ', '\t');
                break;
            case 1: // LF <-> CRLF
                ending = ending == "\n" ? "\r\n" : ending == "\r\n" ? "\n" : ending;
                break;
            default: // the final newline comes or goes
                if (at == lines.Count - 1) ending = ending.Length == 0 ? "\n" : "";
                break;
        }
        lines[at] = text + ending;
    }
}
