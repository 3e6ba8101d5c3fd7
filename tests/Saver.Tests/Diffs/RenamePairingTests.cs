using LibGit2Sharp;
using Saver.Storage.Diffs;
using Saver.Storage.Diffs.Renames;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Diffs;

/// <summary>
/// kata_git_diff pairs renames as git pairs them, including where libgit2's own similarity
/// (which diff_lines follows, as the original did) decides otherwise. Each case also asks git.
/// </summary>
public class RenamePairingTests
{
    private static string Long(string tag) => $"{tag}: a line long enough to outweigh every other line in this file put together\n";

    public static TheoryData<string, Dictionary<string, string>, Dictionary<string, string>, string[]> Cases() => new()
    {
        {
            // git scores bytes: the long line carries it to 92%. libgit2 counts lines: 1 in 4, no rename.
            "a long shared line", new() { ["old.txt"] = Long("x") + "b\nc\nd\n" }, new() { ["new.txt"] = Long("x") + "X\nY\nZ\n" },
            ["renamed old.txt>new.txt"]
        },
        {
            // Re-indented: git sees 42% of the bytes kept, no rename; libgit2 pairs them.
            "re-indented lines", new() { ["old.py"] = "def f():\n    return 1\n\ndef g():\n    return 2\n" },
            new() { ["new.py"] = "def f():\n  return 1\n\ndef g():\n  return 2\n" },
            ["created >new.py", "deleted old.py>"]
        },
        {
            // Exactly 50% is a rename.
            "the threshold", new() { ["old.txt"] = "a\nb\nc\nd\n" }, new() { ["new.txt"] = "a\nX\nY\nd\n" },
            ["renamed old.txt>new.txt"]
        },
        {
            // A final line without its newline is not counted as copied: 31%, no rename.
            "a shared last line without newline", new() { ["g"] = "}\nline 2\n{\nline 3\t" },
            new() { ["x.txt"] = "}  \n{\nline 3\t\nline 2\n{\nline 3\t" },
            ["deleted g>", "created >x.txt"]
        },
        {
            // Identical content: the source with the same base name wins over the first one.
            "identical sources", new() { ["a/x.txt"] = "same\n", ["b/y.txt"] = "same\n" }, new() { ["c/y.txt"] = "same\n" },
            ["deleted a/x.txt>", "renamed b/y.txt>c/y.txt"]
        },
        {
            // Identical content, no base name in common: the first source in path order.
            "identical sources by order", new() { ["p.txt"] = "same\n", ["q.txt"] = "same\n" }, new() { ["r.txt"] = "same\n" },
            ["deleted q.txt>", "renamed p.txt>r.txt"]
        },
        {
            // Empty files are renamed too.
            "empty files", new() { ["e1"] = "" }, new() { ["e2"] = "" },
            ["renamed e1>e2"]
        },
        {
            // A unique base name scoring at least 75% pairs first, though another file scores higher.
            "base names first", new() { ["lib/util.py"] = Lines(1, 10) }, new() { ["src/util.py"] = Lines(1, 8) + "x\ny\n", ["aaa.py"] = Lines(1, 10) + "z\n" },
            ["created >aaa.py", "renamed lib/util.py>src/util.py"]
        },
        {
            // Otherwise the best score wins.
            "best score", new() { ["one.txt"] = Lines(1, 10) }, new() { ["two.txt"] = Lines(1, 8) + "x\ny\n", ["three.txt"] = Lines(1, 10) + "z\n" },
            ["renamed one.txt>three.txt", "created >two.txt"]
        },
    };

    private static string Lines(int from, int to) => string.Concat(Enumerable.Range(from, to - from + 1).Select(n => $"line number {n}\n"));

    [Theory]
    [MemberData(nameof(Cases))]
    public void Renames_pair_as_in_git(string because, Dictionary<string, string> was, Dictionary<string, string> now, string[] expected)
    {
        using var folder = new TempDirectory("renames");
        GitCli.CommitTwoFileSets(folder.Path, was, now);
        var byGit = NameStatus(folder.Path);

        using var repository = new Repository(folder.Path);
        var tip = repository.Head.Tip;
        var bySaver = Changes(RawGitDiffer.Compare(repository, tip.Parents.Single().Tree, tip.Tree).Text);

        Assert.True(expected.Order().SequenceEqual(byGit.Order()), $"{because}: git says {string.Join(", ", byGit)}");
        Assert.Equal(byGit, bySaver);
    }

    /// <summary><c>git diff -M --name-status</c> as "renamed a&gt;b", "created &gt;b", "deleted a&gt;", "changed a&gt;a", in git's order.</summary>
    internal static List<string> NameStatus(string folder) =>
        [.. GitCli.Run(folder, "diff", "-M", "--ignore-space-at-eol", "--name-status", "HEAD~1", "HEAD")
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('\t'))
            .Select(parts => parts[0][0] switch
            {
                'R' => $"renamed {parts[1]}>{parts[2]}",
                'A' => $"created >{parts[1]}",
                'D' => $"deleted {parts[1]}>",
                _ => $"changed {parts[1]}>{parts[1]}",
            })];

    /// <summary>The files of a unified diff's text, named as <see cref="NameStatus"/> names them (paths without spaces).</summary>
    internal static List<string> Changes(string unifiedDiff)
    {
        var changes = new List<string>();
        foreach (var section in ("\n" + unifiedDiff).Split("\ndiff --git ").Skip(1))
        {
            var lines = section.Split('\n');
            var paths = lines[0].Split(' ');
            var (from, to) = (paths[0][2..], paths[1][2..]);
            if (lines.Any(l => l.StartsWith("rename from ", StringComparison.Ordinal))) changes.Add($"renamed {from}>{to}");
            else if (lines.Any(l => l.StartsWith("new file mode", StringComparison.Ordinal))) changes.Add($"created >{to}");
            else if (lines.Any(l => l.StartsWith("deleted file mode", StringComparison.Ordinal))) changes.Add($"deleted {from}>");
            else changes.Add($"changed {from}>{to}");
        }
        return changes;
    }

    [Theory]
    [InlineData("a\nb\nc\nd\n", "a\nX\nY\nd\n")]
    [InlineData("a\r\nb\r\nc\r\n", "a\nb\nc\nd\n")]
    [InlineData("short\nlines\n", "short\nlines\nand one that is longer than sixty-four bytes so it is hashed in two spans\n")]
    [InlineData("and one that is longer than sixty-four bytes so it is hashed in two spans\n", "and one that is longer than sixty-four bytes so it is hashed in 2 spans\n")]
    [InlineData("x\0binary\r\nrest\n", "x\0binary\r\nrest\nmore\n")]
    [InlineData("no final newline\nlast", "no final newline\nlast!")]
    public void Similarity_is_git_s_percentage(string oldText, string newText)
    {
        using var folder = new TempDirectory("similarity");
        GitCli.CommitTwoFileSets(folder.Path, new Dictionary<string, string> { ["old"] = oldText }, new Dictionary<string, string> { ["new"] = newText });
        var status = GitCli.Run(folder.Path, "diff", "-M1%", "--name-status", "HEAD~1", "HEAD").Split('\t')[0];

        var score = GitSimilarity.Estimate(Candidate("old", oldText), Candidate("new", newText), GitSimilarity.MaxScore / 100);

        Assert.Equal(status, $"R{score * 100 / GitSimilarity.MaxScore:000}");
    }

    private static RenameCandidate Candidate(string path, string text) =>
        new(path, ObjectId.Zero, () => System.Text.Encoding.UTF8.GetBytes(text));
}
