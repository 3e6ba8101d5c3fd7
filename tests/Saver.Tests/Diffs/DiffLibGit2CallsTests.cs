using System.Text;
using LibGit2Sharp;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Diffs;

/// <summary>
/// Every LibGit2Sharp call Saver.Storage.Diffs makes, on its own, against the libgit2
/// LibGit2Sharp ships (NativeBinaries 2.0.324, libgit2 1.8.6), so an upgrade that changes one shows here.
/// </summary>
public sealed class DiffLibGit2CallsTests : IDisposable
{
    private readonly TempDirectory _folder = new("lg2-diffs");
    private readonly Repository _repository;

    public DiffLibGit2CallsTests()
    {
        // Repository.Init(path, isBare) and new Repository(path): ScratchRepository.
        var path = Repository.Init(_folder.Path, isBare: true);
        _repository = new Repository(path);
    }

    public void Dispose()
    {
        _repository.Dispose();
        _folder.Dispose();
    }

    private ObjectId Blob(string content) => _repository.ObjectDatabase.Write<Blob>(Encoding.UTF8.GetBytes(content));

    private Tree Tree(params (string Path, string Content)[] files)
    {
        var definition = new TreeDefinition();
        foreach (var (path, content) in files) definition.Add(path, Blob(content), Mode.NonExecutableFile);
        return _repository.ObjectDatabase.CreateTree(definition);
    }

    [Fact]
    public void ObjectDatabase_Write_stores_exact_bytes_under_git_s_blob_id()
    {
        // git hash-object of "hello\n" is ce013625030ba8dba906f756967f9e9ca394464a.
        Assert.Equal("ce013625030ba8dba906f756967f9e9ca394464a", Blob("hello\n").Sha);
        Assert.Equal(Blob("same"), Blob("same"));
    }

    [Fact]
    public void Lookup_Blob_Size_and_GetContentStream_give_the_raw_bytes()
    {
        byte[] bytes = [(byte)'a', 0, (byte)'\r', (byte)'\n', 0xC3, 0xA9, 0xFF];
        var id = _repository.ObjectDatabase.Write<Blob>(bytes);

        var blob = _repository.Lookup<Blob>(id);
        Assert.NotNull(blob);
        Assert.Equal(bytes.Length, blob.Size);
        using var stream = blob.GetContentStream();
        var read = new byte[blob.Size];
        stream.ReadExactly(read);
        Assert.Equal(bytes, read);
        Assert.Equal(0, stream.Read(new byte[1]));
    }

    [Fact]
    public void Lookup_Blob_of_a_tree_id_is_null()
    {
        Assert.Null(_repository.Lookup<Blob>(Tree(("a", "1")).Id));
    }

    [Fact]
    public void TreeDefinition_Add_with_a_nested_path_makes_subtrees_that_enumerate_by_name_and_type()
    {
        var tree = Tree(("files/src/main.c", "int main;\n"), ("files/readme.txt", "hi\n"), ("events.json", "[]"));

        var files = (Tree)tree["files"].Target;
        Assert.Equal(["readme.txt", "src"], files.Select(entry => entry.Name));
        Assert.Equal([TreeEntryTargetType.Blob, TreeEntryTargetType.Tree], files.Select(entry => entry.TargetType));
        Assert.Equal(Mode.NonExecutableFile, files["readme.txt"].Mode);
        Assert.Equal(Blob("hi\n"), files["readme.txt"].Target.Id);
        var src = (Tree)files.Single(entry => entry.Name == "src").Target;
        Assert.Equal("main.c", Assert.Single(src).Name);
    }

    [Fact]
    public void Compare_TreeChanges_without_similarity_reports_adds_deletes_and_modifications_only()
    {
        // A repository asking for renames by config must not change that: the options say none.
        // (Set with the git command line, as a user's own configuration would be.)
        GitCli.Run(_folder.Path, "config", "diff.renames", "copies");
        var was = Tree(("moved.txt", "same content\n"), ("edited.txt", "a\n"), ("kept.txt", "k\n"), ("gone.txt", "g\n"));
        var now = Tree(("moved-here.txt", "same content\n"), ("edited.txt", "b\n"), ("kept.txt", "k\n"), ("dir/new.txt", "n\n"));

        using var changes = _repository.Diff.Compare<TreeChanges>(was, now, new CompareOptions { Similarity = SimilarityOptions.None });

        var seen = changes.Select(change => $"{change.Status} {change.OldPath}>{change.Path}").Order(StringComparer.Ordinal);
        Assert.Equal(
            ["Added dir/new.txt>dir/new.txt", "Added moved-here.txt>moved-here.txt", "Deleted gone.txt>gone.txt", "Deleted moved.txt>moved.txt", "Modified edited.txt>edited.txt"],
            seen);
        var edited = changes.Single(change => change.Path == "edited.txt");
        Assert.Equal((Blob("a\n"), Blob("b\n")), (edited.OldOid, edited.Oid));
        var added = changes.Single(change => change.Path == "dir/new.txt");
        Assert.Equal(Blob("n\n"), added.Oid);
        var deleted = changes.Single(change => change.OldPath == "gone.txt");
        Assert.Equal(Blob("g\n"), deleted.OldOid);

        // The default options would have obeyed the config and paired the move.
        using var byConfig = _repository.Diff.Compare<TreeChanges>(was, now, new CompareOptions());
        Assert.Contains(byConfig, change => change.Status is ChangeKind.Renamed or ChangeKind.Copied && change.OldPath == "moved.txt");
    }

    [Fact]
    public void Compare_TreeChanges_accepts_a_missing_tree_on_either_side()
    {
        var tree = Tree(("a", "1"), ("b/c", "2"));

        using var fromNothing = _repository.Diff.Compare<TreeChanges>(null, tree, new CompareOptions { Similarity = SimilarityOptions.None });
        using var toNothing = _repository.Diff.Compare<TreeChanges>(tree, null, new CompareOptions { Similarity = SimilarityOptions.None });
        using var nothing = _repository.Diff.Compare<TreeChanges>(null, null, new CompareOptions { Similarity = SimilarityOptions.None });

        Assert.Equal(["Added a", "Added b/c"], fromNothing.Select(change => $"{change.Status} {change.Path}"));
        Assert.Equal(["Deleted a", "Deleted b/c"], toNothing.Select(change => $"{change.Status} {change.OldPath}"));
        Assert.Empty(nothing);
    }

    [Fact]
    public void A_repository_made_by_the_git_command_line_opens_and_its_commits_trees_read()
    {
        using var folder = new TempDirectory("lg2-cli");
        GitCli.CommitTwoFileSets(folder.Path, new Dictionary<string, string> { ["f"] = "1\n" }, new Dictionary<string, string> { ["f"] = "2\n" });

        using var repository = new Repository(folder.Path);

        var tip = repository.Head.Tip;
        Assert.Equal("now\n", tip.Message);
        Assert.Equal(Blob("1\n"), tip.Parents.Single().Tree["f"].Target.Id);
        Assert.Equal(Blob("2\n"), tip.Tree["f"].Target.Id);
    }
}
