using LibGit2Sharp;
using Saver.Storage.Forks;
using Saver.Storage.Katas;
using Saver.Tests.Diffs;
using GitCli = Saver.Tests.Infrastructure.GitCli;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Forks;

/// <summary>
/// A content hash computed from a file set is the tree id git gives those files: the git
/// command line (git add, git write-tree) and libgit2 (the trees format 2 stores) are the judges.
/// </summary>
public sealed class ContentHashTests : IDisposable
{
    private readonly TempDirectory _folder = new("content-hash");

    public void Dispose() => _folder.Dispose();

    public static TheoryData<string> FileSetNames => [.. FileSets.Keys];

    /// <summary>Names that sort differently as bytes, as UTF-16 and with git's folder-as-"name/" rule.</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> FileSets = new()
    {
        ["one file"] = new() { ["hiker.py"] = "def answer():\n    return 6 * 9\n" },
        ["tennis"] = Infrastructure.Katas.TennisFiles(),
        ["empty content"] = new() { ["empty.txt"] = "", ["full.txt"] = "x" },
        ["folders"] = new() { ["report/coverage.txt"] = "100%\n", ["report/style.txt"] = "ok\n", ["hiker.py"] = "" },
        ["folder order"] = new()
        {
            ["a/b"] = "1", ["a-b"] = "2", ["a.b"] = "3", ["a0"] = "4", ["a_"] = "5", ["ab"] = "6",
            ["b/c/d/e.txt"] = "deep\n", ["b.c"] = "7", ["B"] = "8",
        },
        ["non-ascii and line ends"] = new()
        {
            ["ü.txt"] = "grüße\r\n", ["u.txt"] = "u\n", ["z.txt"] = "😀 no final newline", ["\uff5e.txt"] = "wide", ["\U0001F600.txt"] = "astral",
        },
    };

    [Theory]
    [MemberData(nameof(FileSetNames))]
    public void A_file_sets_hash_is_the_tree_id_git_write_tree_gives_it(string name)
    {
        var files = FileSets[name];
        var work = Path.Combine(_folder.Path, "work");
        GitCli.Run(_folder.Path, "init", "-q", work);
        foreach (var (path, content) in files)
        {
            var full = Path.Combine(work, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, System.Text.Encoding.UTF8.GetBytes(content));
        }
        GitCli.Run(work, "-c", "core.autocrlf=false", "add", "-A");

        Assert.Equal(GitCli.Run(work, "write-tree").Trim(), ContentHash.Of(files).Value);
    }

    [Theory]
    [MemberData(nameof(FileSetNames))]
    public void A_file_sets_hash_is_the_id_of_the_files_tree_a_format_2_kata_stores(string name)
    {
        using var repo = new Repository(Repository.Init(Path.Combine(_folder.Path, "bare"), isBare: true));
        var files = FileSets[name];

        var tree = KataGit.BuildFilesTree(repo, files);

        Assert.Equal(tree!.Sha, ContentHash.Of(files).Value);
        Assert.Equal(ContentHash.Of(files), ContentHash.FromTreeId(tree.Sha));
    }

    [Fact]
    public void Random_file_sets_hash_as_libgit2_stores_them()
    {
        using var repo = new Repository(Repository.Init(Path.Combine(_folder.Path, "bare"), isBare: true));
        var sets = new RandomFileSets(seed: 4, tangledRenames: true);
        for (var i = 0; i < 200; i++)
        {
            var (was, now) = sets.Next();
            foreach (var files in new[] { was, now })
                Assert.Equal(KataGit.BuildFilesTree(repo, files)?.Sha ?? ContentHash.EmptyTree.Value, ContentHash.Of(files).Value);
        }
    }

    [Fact]
    public void No_files_is_gits_empty_tree_and_the_hash_of_a_missing_files_tree()
    {
        File.WriteAllBytes(Path.Combine(_folder.Path, "nothing"), []);
        var empty = GitCli.Run(_folder.Path, "hash-object", "-t", "tree", "nothing").Trim();
        Assert.Equal(empty, ContentHash.EmptyTree.Value);
        Assert.Equal(ContentHash.EmptyTree, ContentHash.Of(new Dictionary<string, string>()));
        Assert.Equal(ContentHash.EmptyTree, ContentHash.FromTreeId(null));
    }

    [Fact]
    public void Equal_file_sets_hash_equal_and_any_change_of_name_content_or_folder_changes_the_hash()
    {
        var files = new Dictionary<string, string> { ["a.txt"] = "x\n", ["d/b.txt"] = "y\n" };
        Assert.Equal(ContentHash.Of(files), ContentHash.Of(new SortedDictionary<string, string>(files, StringComparer.Ordinal)));
        var changes = new[]
        {
            new Dictionary<string, string> { ["a.txt"] = "x", ["d/b.txt"] = "y\n" },
            new Dictionary<string, string> { ["A.txt"] = "x\n", ["d/b.txt"] = "y\n" },
            new Dictionary<string, string> { ["a.txt"] = "x\n", ["b.txt"] = "y\n" },
            new Dictionary<string, string> { ["a.txt"] = "x\n" },
            new Dictionary<string, string> { ["a.txt"] = "x\n", ["d/b.txt"] = "y\n", ["e"] = "" },
        };
        Assert.Equal(changes.Length + 1, changes.Select(ContentHash.Of).Append(ContentHash.Of(files)).Distinct().Count());
    }
}
