using LibGit2Sharp;
using Saver.Storage.Diffs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Diffs;

/// <summary>
/// The raw diff, compared byte for byte with what the git command line prints for the same
/// two trees (<c>git diff --ignore-space-at-eol --find-renames --unified=100000</c>), from a
/// repository's trees and from file sets held outside git.
/// </summary>
public sealed class RawGitDifferTests : IDisposable
{
    private const string Unified = "--unified=100000";

    private readonly TempDirectory _scratch = new("raw-diff-scratch");
    private readonly RawGitDiffer _differ;

    public RawGitDifferTests()
    {
        _differ = new RawGitDiffer(_scratch.Path);
    }

    public void Dispose()
    {
        _differ.Dispose();
        _scratch.Dispose();
    }

    // Fewer seeds than GitCliOracleTests, which already judges the line diff itself: these judge how it is printed.
    public static TheoryData<int> Seeds() => [.. Enumerable.Range(1, 20)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Random_edits_diff_as_the_git_command_line_diffs_them(int seed) =>
        AssertSameAsGit(new RandomFileSets(seed).Next());

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Tangled_renames_diff_as_the_git_command_line_diffs_them(int seed) =>
        AssertSameAsGit(new RandomFileSets(1000 + seed, tangledRenames: true).Next());

    public static TheoryData<string, Dictionary<string, string>, Dictionary<string, string>> Cases() => new()
    {
        {
            "a change, a rename with an edit, a deletion, a creation and unchanged files",
            new() { ["keep.txt"] = "k\n", ["hiker.py"] = "def answer():\n    return 6 * 9\n\nprint(answer())\n", ["old.txt"] = "gone\n", ["c.sh"] = "a\nb\n" },
            new() { ["keep.txt"] = "k\n", ["answer.py"] = "def answer():\n    return 42\n\nprint(answer())\n", ["new.txt"] = "fresh\n", ["c.sh"] = "a\nB\n" }
        },
        {
            "end-of-line whitespace only: left out, and ignored beside a real change",
            new() { ["ws.txt"] = "a\nb\n", ["both.txt"] = "x  \ny\nz\n", ["crlf.txt"] = "1\n2\n" },
            new() { ["ws.txt"] = "a \nb\t\n", ["both.txt"] = "x\nY\nz\n", ["crlf.txt"] = "1\r\n2\r\n" }
        },
        {
            "no newline at the end, on either side",
            new() { ["a"] = "1\n2", ["b"] = "1\n2\n", ["c"] = "1\n2", ["d"] = "x" },
            new() { ["a"] = "1\n3", ["b"] = "1\n3", ["c"] = "1\n2\n3\n", ["d"] = "x\ny" }
        },
        {
            "empty files created, deleted and renamed",
            new() { ["gone.empty"] = "", ["moved.empty"] = "", ["x"] = "1\n" },
            new() { ["new.empty"] = "", ["moved.renamed"] = "", ["x"] = "" }
        },
        {
            "binary content (a NUL in the first 8000 bytes) and control characters as text",
            new() { ["b.dat"] = "ab\0cd\n", ["gone.dat"] = "\0", ["ctl.txt"] = "\u0001\u001b[0m\n" },
            new() { ["b.dat"] = "ab\0ce\n", ["new.dat"] = "x\0y", ["ctl.txt"] = "\u0001\u001b[1m\n", ["late.txt"] = new string('a', 8000) + "\0\n" }
        },
        {
            "names: non-ASCII, spaces, quotes, tabs, backslashes, folders",
            new() { ["ü.txt"] = "1\n", ["with space.txt"] = "s\n", ["say \"hi\".txt"] = "q\n", ["tab\there"] = "t\n", ["back\\slash"] = "b\n", ["dir/日本.md"] = "d\n" },
            new() { ["é.txt"] = "1\n", ["with space.txt"] = "S\n", ["say \"hi\".txt"] = "Q\n", ["tab\there"] = "T\n", ["back\\slash"] = "B\n", ["dir/日本.md"] = "D\n", ["bell\u0007 ctl\u0001 del\u007f"] = "new\n" }
        },
        {
            "a rename with only end-of-line whitespace changed, and an identical rename",
            new() { ["a.txt"] = "one\ntwo\nthree\nfour\n", ["same.txt"] = "s\n" },
            new() { ["b.txt"] = "one\ntwo  \nthree\nfour\n", ["other.txt"] = "s\n" }
        },
        { "nothing at all before", new(), new() { ["a"] = "1\n" } },
        { "nothing at all after", new() { ["a"] = "1\n" }, new() },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_case_diffs_as_the_git_command_line_diffs_it(string name, Dictionary<string, string> was, Dictionary<string, string> now)
    {
        Assert.NotEmpty(name);
        AssertSameAsGit((was, now));
    }

    [Fact]
    public void The_same_files_give_an_empty_diff_and_are_all_unchanged()
    {
        var files = new Dictionary<string, string> { ["b.txt"] = "b\n", ["a/z.txt"] = "z", ["é.txt"] = "" };

        var diff = _differ.Compare(files, files);

        Assert.Equal("", diff.Text);
        Assert.Equal(["a/z.txt", "b.txt", "é.txt"], diff.Unchanged);
    }

    [Fact]
    public void A_file_changed_only_at_the_ends_of_its_lines_is_unchanged_and_an_identical_rename_is_not()
    {
        var diff = _differ.Compare(
            new Dictionary<string, string> { ["ws.txt"] = "a\nb\n", ["old.txt"] = "same\n", ["keep"] = "k\n" },
            new Dictionary<string, string> { ["ws.txt"] = "a  \r\nb", ["new.txt"] = "same\n", ["keep"] = "k\n" });

        Assert.Equal("diff --git a/old.txt b/new.txt\nsimilarity index 100%\nrename from old.txt\nrename to new.txt\n", diff.Text);
        Assert.Equal(["keep", "ws.txt"], diff.Unchanged);
    }

    [Fact]
    public void A_change_prints_git_s_header_index_line_and_one_whole_file_hunk()
    {
        var diff = _differ.Compare(
            new Dictionary<string, string> { ["hiker.h"] = "a\nb\nc\nd" },
            new Dictionary<string, string> { ["hiker.h"] = "a\nb\nX\nd" });

        // git hash-object: "a\nb\nc\nd" is 4a8bbc5…, "a\nb\nX\nd" is 0f4eba3….
        Assert.Equal(
            "diff --git a/hiker.h b/hiker.h\nindex " + Abbreviated("a\nb\nc\nd") + ".." + Abbreviated("a\nb\nX\nd") + " 100644\n" +
            "--- a/hiker.h\n+++ b/hiker.h\n@@ -1,4 +1,4 @@\n a\n b\n-c\n+X\n d\n\\ No newline at end of file\n",
            diff.Text);
        Assert.Empty(diff.Unchanged);
    }

    /// <summary>Two contents whose blob ids share their first 7 hex digits (found by search, so fixed).</summary>
    private static (string First, string Second) CollidingContents()
    {
        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var n = 0; ; n++)
        {
            var content = $"collide {n}\n";
            var prefix = BlobId(content)[..7];
            if (seen.TryGetValue(prefix, out var earlier)) return (earlier, content);
            seen.Add(prefix, content);
        }
    }

    [Fact]
    public void Ids_sharing_seven_digits_are_lengthened_until_they_differ_as_git_lengthens_them()
    {
        var (first, second) = CollidingContents();
        var length = CommonPrefixLength(BlobId(first), BlobId(second)) + 1;
        Assert.True(length > 7);

        // Both ids in the diff (also diffed as file sets, whose ids are told apart among themselves).
        var bothInTheDiff = AssertSameAsGit((new() { ["a.txt"] = first, ["b.txt"] = "b\n" }, new() { ["a.txt"] = second, ["b.txt"] = "B\n" }));
        Assert.Contains($"index {Abbreviated(first, length)}..{Abbreviated(second, length)} 100644\n", bothInTheDiff);

        // One in the diff, the other elsewhere in the repository.
        using var folder = new TempDirectory("raw-diff-collision");
        GitCli.CommitTwoFileSets(folder.Path, new Dictionary<string, string> { ["a.txt"] = "a\n", ["other"] = second }, new Dictionary<string, string> { ["a.txt"] = first, ["other"] = second });
        var git = GitCli.Run(folder.Path, "diff", "--ignore-space-at-eol", "--find-renames", Unified, "HEAD~1", "HEAD");
        Assert.Contains($"..{Abbreviated(first, length)} 100644\n", git);
        using var repository = new Repository(folder.Path);
        Assert.Equal(git, RawGitDiffer.Compare(repository, repository.Head.Tip.Parents.Single().Tree, repository.Head.Tip.Tree).Text);
    }

    [Fact]
    public void A_repository_with_two_to_the_fourteen_packed_objects_gets_eight_digit_ids_as_in_git()
    {
        using var folder = new TempDirectory("raw-diff-big");
        GitCli.Run(folder.Path, "init", "-q", "-b", "main");
        WritePackOfBlobs(Path.Combine(folder.Path, ".git"), Enumerable.Range(0, 16384).Select(i => $"object {i}\n"));
        Assert.Equal(16384, ObjectAbbreviation.PackedObjectCount(Path.Combine(folder.Path, ".git")));

        GitCli.CommitTwoFileSets(folder.Path, new Dictionary<string, string> { ["a.txt"] = "1\n" }, new Dictionary<string, string> { ["a.txt"] = "2\n", ["b.txt"] = "b\n" });
        var git = GitCli.Run(folder.Path, "diff", "--ignore-space-at-eol", "--find-renames", Unified, "HEAD~1", "HEAD");
        Assert.Contains($"index {Abbreviated("1\n", 8)}..{Abbreviated("2\n", 8)} 100644\n", git);
        Assert.Contains("index 00000000..", git);

        using var repository = new Repository(folder.Path);
        Assert.Equal(git, RawGitDiffer.Compare(repository, repository.Head.Tip.Parents.Single().Tree, repository.Head.Tip.Tree).Text);
    }

    [Theory]
    [InlineData(0, 7)]
    [InlineData(1, 7)]
    [InlineData(16383, 7)]
    [InlineData(16384, 8)]
    [InlineData(65535, 8)]
    [InlineData(65536, 9)]
    [InlineData(1L << 40, 21)]
    public void The_automatic_length_is_half_the_bits_of_the_object_count_and_at_least_seven(long objects, int length) =>
        Assert.Equal(length, ObjectAbbreviation.LengthFor(objects));

    /// <summary>Diffs the two sets with git and with Saver, both ways; returns git's text.</summary>
    private string AssertSameAsGit((Dictionary<string, string> Was, Dictionary<string, string> Now) fileSets)
    {
        var (was, now) = fileSets;
        using var folder = new TempDirectory("raw-diff-oracle");
        GitCli.CommitTwoFileSets(folder.Path, was, now);
        var expected = GitCli.Run(folder.Path, "diff", "--ignore-space-at-eol", "--find-renames", Unified, "HEAD~1", "HEAD");
        var expectedUnchanged = now.Keys.Where(path => was.ContainsKey(path) && !MentionedPaths(expected).Contains(path))
            .Order(StringComparer.Ordinal).ToList();

        using var repository = new Repository(folder.Path);
        var tip = repository.Head.Tip;
        var fromTrees = RawGitDiffer.Compare(repository, was.Count == 0 ? null : tip.Parents.Single().Tree, now.Count == 0 ? null : tip.Tree);
        Assert.Equal(expected, fromTrees.Text);
        Assert.Equal(expectedUnchanged, fromTrees.Unchanged);

        var fromFileSets = _differ.Compare(was, now);
        Assert.Equal(expected, fromFileSets.Text);
        Assert.Equal(expectedUnchanged, fromFileSets.Unchanged);
        return expected;
    }

    // The b/ side of each "diff --git" line, unquoted (the cases' names hold no octal escapes).
    private static HashSet<string> MentionedPaths(string gitDiff) =>
        gitDiff.Split('\n').Where(line => line.StartsWith("diff --git ", StringComparison.Ordinal))
            .Select(line => line.EndsWith('"')
                ? line[(line.LastIndexOf(" \"b/", StringComparison.Ordinal) + 4)..^1]
                    .Replace("\\\"", "\"").Replace("\\t", "\t").Replace("\\\\", "\\")
                : line[(line.LastIndexOf(" b/", StringComparison.Ordinal) + 3)..])
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// One pack of blobs (format 2, undeltified), indexed by git itself: git fast-import
    /// takes a minute for as many objects on a slow disk, this a fraction of a second.
    /// </summary>
    private static void WritePackOfBlobs(string gitDirectory, IEnumerable<string> contents)
    {
        var all = contents.Select(System.Text.Encoding.UTF8.GetBytes).ToList();
        using var pack = new MemoryStream();
        pack.Write("PACK"u8);
        pack.Write([0, 0, 0, 2]);
        pack.Write([(byte)(all.Count >> 24), (byte)(all.Count >> 16), (byte)(all.Count >> 8), (byte)all.Count]);
        foreach (var content in all)
        {
            // Type 3 (blob) and the size, 4 bits then 7 bits a byte, low bits first.
            var size = content.Length;
            var header = (byte)(0x30 | (size & 0x0f));
            size >>= 4;
            while (size > 0)
            {
                pack.WriteByte((byte)(header | 0x80));
                header = (byte)(size & 0x7f);
                size >>= 7;
            }
            pack.WriteByte(header);
            using (var zlib = new System.IO.Compression.ZLibStream(pack, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true))
                zlib.Write(content);
        }
        var checksum = System.Security.Cryptography.SHA1.HashData(pack.GetBuffer().AsSpan(0, (int)pack.Length));
        pack.Write(checksum);
        var packPath = Path.Combine(gitDirectory, "objects", "pack", $"pack-{Convert.ToHexStringLower(checksum)}.pack");
        File.WriteAllBytes(packPath, pack.ToArray());
        GitCli.Run(gitDirectory, "index-pack", packPath);
    }

    private static int CommonPrefixLength(string a, string b)
    {
        var length = 0;
        while (length < a.Length && a[length] == b[length]) length++;
        return length;
    }

    private static string BlobId(string content) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(
            [.. System.Text.Encoding.UTF8.GetBytes($"blob {System.Text.Encoding.UTF8.GetByteCount(content)}\0"), .. System.Text.Encoding.UTF8.GetBytes(content)]));

    private static string Abbreviated(string content, int length = 7) => BlobId(content)[..length];
}
