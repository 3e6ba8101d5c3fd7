using Saver.Storage;
using Saver.Storage.IO;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.IO;

public class GitOrderedTreeTests
{
    /// <summary>Names whose order differs between plain string order and git's ('/' sorts after '-' and '.'; U+E000 before U+10000).</summary>
    private static readonly string[] Paths =
    [
        "a", "a-b", "a.b", "a/b", "a/a/z", "ab", "B", "b/c", "\uE000.txt", "\U0001F600.txt", "files/deep/ünï λ.py", "files/deep.py",
    ];

    [Fact]
    public void Members_come_in_the_order_git_archive_writes_them_with_each_folder_before_its_contents()
    {
        using var repo = new TempDirectory("order");
        GitCli.Run(repo.Path, "init", "--quiet");
        var tree = new GitOrderedTree();
        foreach (var path in Paths.Where(p => p != "a")) // "a" is a folder in git's tree below
        {
            var file = Path.Combine(repo.Path, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllText(file, path);
            tree.Add(path, System.Text.Encoding.UTF8.GetBytes(path));
        }
        GitCli.Run(repo.Path, "add", ".");
        var treeId = GitCli.Run(repo.Path, "write-tree").Trim();

        // git ls-tree -r -t lists a tree as git archive walks it: each folder, then what it holds.
        var git = GitCli.Lines(GitCli.Run(repo.Path, "-c", "core.quotePath=false", "ls-tree", "-r", "-t", "--format=%(objecttype) %(path)", treeId))
            .Select(line => line.StartsWith("tree ", StringComparison.Ordinal) ? line[5..] + "/" : line[5..]);
        Assert.Equal(git, tree.InGitOrder().Select(m => m.Path));
        Assert.All(tree.InGitOrder(), m => Assert.Equal(m.Path.EndsWith('/'), m.Content is null));
    }

    [Fact]
    public void A_path_that_is_both_a_file_and_a_folder_or_has_an_empty_part_is_refused()
    {
        var tree = new GitOrderedTree();
        tree.Add("a/b", []);
        Assert.Throws<SaverException>(() => tree.Add("a", []));
        Assert.Throws<SaverException>(() => tree.Add("a/b/c", []));
        Assert.Throws<SaverException>(() => tree.Add("x//y", []));
        Assert.Throws<SaverException>(() => tree.Add("", []));
    }
}
