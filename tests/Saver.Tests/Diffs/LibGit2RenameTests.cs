using System.Text;
using LibGit2Sharp;
using Saver.Storage.Diffs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Diffs;

/// <summary>
/// diff_lines, diff_summary and each event's diff counts find renames as the original did:
/// with libgit2's default similarity search (rugged's <c>find_similar!</c> with no options).
/// Thousands of generated file pairs (small and large files, edits, truncations, reverts,
/// appends, CRLF, empty files), each deleted under one name and created under another,
/// decided by Saver and by LibGit2Sharp's own tree diff with default rename detection.
/// </summary>
public class LibGit2RenameTests
{
    private const int Pairs = 2400;

    [Fact]
    public void Saver_decides_every_generated_rename_as_libgit2_s_defaults_do()
    {
        using var folder = new TempDirectory("libgit2-renames");
        using var differ = new FilesDiffer(Path.Combine(folder.Path, "scratch"));
        using var oracle = new Repository(Repository.Init(Path.Combine(folder.Path, "oracle"), isBare: true));
        var random = new Random(20261206);
        var renamed = 0;
        var disagreements = new List<string>();
        for (var i = 0; i < Pairs; i++)
        {
            var (was, now, how) = NextPair(random);
            var wasFiles = new Dictionary<string, string> { [$"dir/renamed_{i}_old.py"] = was, ["keep.txt"] = "kept\n" };
            var nowFiles = new Dictionary<string, string> { [$"new_{i}.py"] = now, ["keep.txt"] = "kept\n" };

            var saver = differ.Compare(wasFiles, nowFiles).Any(diff => diff.Type == FileDiffType.Renamed);
            using var changes = oracle.Diff.Compare<TreeChanges>(Tree(oracle, wasFiles), Tree(oracle, nowFiles),
                new CompareOptions { Similarity = SimilarityOptions.Default });
            var libgit2 = changes.Renamed.Any();

            if (libgit2) renamed++;
            if (saver != libgit2) disagreements.Add($"{how}: libgit2 {(libgit2 ? "renamed" : "created+deleted")}, Saver not;\n  was {Show(was)}\n  now {Show(now)}");
        }

        Assert.True(disagreements.Count == 0, $"{disagreements.Count} of {Pairs} disagree:\n{string.Join("\n", disagreements.Take(5))}");
        // Both outcomes are well represented, so the comparison means something either way.
        Assert.InRange(renamed, Pairs / 5, Pairs * 4 / 5);
    }

    [Fact]
    public void The_revert_the_original_calls_a_rename_is_one()
    {
        using var folder = new TempDirectory("libgit2-revert");
        using var differ = new FilesDiffer(Path.Combine(folder.Path, "scratch"));
        var diffs = differ.Compare(
            new Dictionary<string, string> { ["renamed_39_new_0.py"] = "# edit 23\n# change 25\n# change 33\n# change 37\n# change 43\n" },
            new Dictionary<string, string> { ["new_0.py"] = "# edit 23\n# change 25\n" });

        var diff = Assert.Single(diffs);
        Assert.Equal(FileDiffType.Renamed, diff.Type);
        Assert.Equal((0, 3), (diff.LineCounts.Added, diff.LineCounts.Deleted));
    }

    private static Tree Tree(Repository repository, Dictionary<string, string> files)
    {
        var definition = new TreeDefinition();
        foreach (var (name, content) in files)
            definition.Add(name, repository.ObjectDatabase.CreateBlob(new MemoryStream(Encoding.UTF8.GetBytes(content))), Mode.NonExecutableFile);
        return repository.ObjectDatabase.CreateTree(definition);
    }

    private static string Show(string text) => text.Length > 120 ? $"{text[..120].ReplaceLineEndings("⏎")}… ({text.Length} chars)" : text.ReplaceLineEndings("⏎");

    /// <summary>A file and what became of it, and how.</summary>
    private static (string Was, string Now, string How) NextPair(Random random)
    {
        var lines = random.Next(10) switch
        {
            0 => 0,
            < 6 => random.Next(1, 8),
            < 9 => random.Next(8, 40),
            _ => random.Next(40, 400),
        };
        var eol = random.Next(8) == 0 ? "\r\n" : "\n";
        var original = Enumerable.Range(0, lines).Select(_ => Line(random)).ToList();
        var was = original.ToList();
        var now = original.ToList();
        string how;
        switch (random.Next(7))
        {
            case 0:
                how = "edited";
                for (var k = random.Next(1, Math.Max(2, lines)); k > 0 && now.Count > 0; k--) now[random.Next(now.Count)] = Line(random);
                break;
            case 1:
                how = "truncated";
                now = now.Take(random.Next(now.Count + 1)).ToList();
                break;
            case 2:
                how = "appended";
                now.AddRange(Enumerable.Range(0, random.Next(1, 6)).Select(_ => Line(random)));
                break;
            case 3:
                how = "reverted"; // changes made, then taken back: the old side has more
                was.AddRange(Enumerable.Range(0, random.Next(1, 6)).Select(i => $"# change {random.Next(100)}"));
                break;
            case 4:
                how = "identical";
                break;
            case 5:
                how = "emptied";
                now.Clear();
                break;
            default:
                how = "rewritten";
                now = Enumerable.Range(0, random.Next(0, 10)).Select(_ => Line(random)).ToList();
                break;
        }
        var finalNewline = random.Next(6) != 0;
        return (Join(was, eol, finalNewline), Join(now, eol, finalNewline), how);
    }

    private static string Join(List<string> lines, string eol, bool finalNewline) =>
        lines.Count == 0 ? "" : string.Join(eol, lines) + (finalNewline ? eol : "");

    private static string Line(Random random) => random.Next(6) switch
    {
        0 => "",
        1 => $"# edit {random.Next(100)}",
        2 => $"    return {random.Next(1000)}",
        3 => new string('x', random.Next(60, 140)),
        4 => $"def f{random.Next(50)}(a, b):",
        _ => $"line {random.Next(30)}",
    };
}
