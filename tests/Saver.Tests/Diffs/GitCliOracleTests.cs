using LibGit2Sharp;
using Saver.Storage.Diffs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Diffs;

/// <summary>
/// Random edits, diffed by Saver and by the git command line
/// (<c>git diff --ignore-space-at-eol -M --unified=100000</c> and <c>--shortstat</c>):
/// types, names, order, line classification, numbers and counts must agree. Tangled renames
/// (where git and libgit2 decide differently) are judged apart: kata_git_diff pairs them as
/// git does; diff_lines as libgit2 does (LibGit2RenameTests).
/// </summary>
public class GitCliOracleTests
{
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 40)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Saver_diffs_as_the_git_command_line_does(int seed) => AssertSameAsGit(new RandomFileSets(seed).Next());

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Kata_git_diff_pairs_renames_as_the_git_command_line_does(int seed)
    {
        var (was, now) = new RandomFileSets(1000 + seed, tangledRenames: true).Next();
        using var folder = new TempDirectory("oracle");
        GitCli.CommitTwoFileSets(folder.Path, was, now);
        var byGit = RenamePairingTests.NameStatus(folder.Path);

        using var repository = new Repository(folder.Path);
        var tip = repository.Head.Tip;
        // The renames: git's name-status also lists changes only in end-of-line whitespace, which its patch (and kata_git_diff) leaves out.
        var bySaver = RenamePairingTests.Changes(RawGitDiffer.Compare(repository, tip.Parents.Single().Tree, tip.Tree).Text);
        Assert.Equal(byGit.Where(c => c.StartsWith("renamed", StringComparison.Ordinal)), bySaver.Where(c => c.StartsWith("renamed", StringComparison.Ordinal)));
    }

    private static void AssertSameAsGit((Dictionary<string, string> Was, Dictionary<string, string> Now) fileSets)
    {
        var (was, now) = fileSets;
        using var folder = new TempDirectory("oracle");
        GitCli.CommitTwoFileSets(folder.Path, was, now);

        var expected = GitCliDiffParser.Parse(GitCli.Run(folder.Path, "diff", "--ignore-space-at-eol", "-M", "--unified=100000", "HEAD~1", "HEAD"));
        var expectedCounts = GitCliDiffParser.ParseShortstat(GitCli.Run(folder.Path, "diff", "--shortstat", "-M", "--ignore-space-at-eol", "HEAD~1", "HEAD"));
        var nowPaths = GitCli.Run(folder.Path, "ls-tree", "-r", "--name-only", "HEAD").Split('\n', StringSplitOptions.RemoveEmptyEntries);

        using var repository = new Repository(folder.Path);
        var tip = repository.Head.Tip;
        var wasTree = tip.Parents.Single().Tree;
        using var differ = new FilesDiffer(folder.Path);
        var actual = differ.Compare(repository, wasTree, tip.Tree);

        // git 2.39 leaves out a file whose only change is end-of-line whitespace; the API lists
        // it as changed 0/0/0 with no lines (§3.7, as upstream's git did), so check those apart.
        var whitespaceOnly = actual.Where(diff => diff is { Type: FileDiffType.Changed, LineCounts: { Added: 0, Deleted: 0, Same: 0 } }).ToList();
        Assert.All(whitespaceOnly, diff =>
        {
            Assert.NotEqual(was[diff.OldFilename!], now[diff.NewFilename!]);
            Assert.Equal(WithoutEndOfLineWhitespace(was[diff.OldFilename!]), WithoutEndOfLineWhitespace(now[diff.NewFilename!]));
            Assert.Empty(diff.Lines);
        });

        var changed = actual.Where(diff => diff.Type != FileDiffType.Unchanged).Except(whitespaceOnly).ToList();
        Assert.Equal(expected.Select(parsed => Describe(parsed.Diff, parsed.HasHunk)), changed.Select(diff => Describe(diff, expectedHunk: expected, diff)));

        var mentioned = expected.Select(parsed => parsed.Diff.NewFilename).Concat(whitespaceOnly.Select(diff => diff.NewFilename)).OfType<string>().ToHashSet();
        Assert.Equal(nowPaths.Where(path => !mentioned.Contains(path)), actual.Where(diff => diff.Type == FileDiffType.Unchanged).Select(diff => diff.NewFilename));

        Assert.Equal(expectedCounts, DiffCounts.Count(repository, wasTree, tip.Tree));
    }

    private static string[] WithoutEndOfLineWhitespace(string content) =>
        (content.EndsWith('\n') ? content[..^1] : content).Split('\n').Select(line => line.TrimEnd(' ', '\t', '\r')).ToArray();

    private static string Describe(FileDiff diff, bool hasHunk) =>
        hasHunk || diff.Type != FileDiffType.Renamed ? Describe(diff) : Header(diff) + " (no hunk)";

    // A rename git shows without a hunk is listed whole as same lines (API §3.7); git prints none to compare with.
    private static string Describe(FileDiff diff, IReadOnlyList<ParsedFileDiff> expectedHunk, FileDiff _)
    {
        var gitHasNoHunk = expectedHunk.Any(parsed => parsed.Diff.Type == FileDiffType.Renamed && !parsed.HasHunk && parsed.Diff.NewFilename == diff.NewFilename);
        if (!gitHasNoHunk) return Describe(diff);
        Assert.Equal(0, diff.LineCounts.Added + diff.LineCounts.Deleted);
        Assert.All(diff.Lines, line => Assert.IsType<SameLine>(line));
        return Header(diff) + " (no hunk)";
    }

    private static string Header(FileDiff diff) => $"{FileDiffJson.TypeName(diff.Type)} {diff.OldFilename} > {diff.NewFilename}";

    private static string Describe(FileDiff diff) =>
        $"{Header(diff)} {diff.LineCounts.Added}/{diff.LineCounts.Deleted}/{diff.LineCounts.Same}: " +
        string.Join(" | ", diff.Lines.Select(line => line switch
        {
            SameLine same => $"={same.Number} {same.Line}",
            SectionMarker section => $"§{section.Index}",
            DeletedLine deleted => $"-{deleted.Number} {deleted.Line}",
            AddedLine added => $"+{added.Number} {added.Line}",
            _ => "?",
        }));
}
