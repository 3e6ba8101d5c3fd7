using Saver.Storage.Diffs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Diffs;

/// <summary>The entry point for v2 katas: two files/ subtrees of one repository.</summary>
public sealed class FilesDifferRepositoryTests : IDisposable
{
    private readonly FileTreeRepository _git = new();
    private readonly TempDirectory _scratch = new("differ");
    private readonly FilesDiffer _differ;

    public FilesDifferRepositoryTests()
    {
        _differ = new FilesDiffer(_scratch.Path);
    }

    public void Dispose()
    {
        _differ.Dispose();
        _scratch.Dispose();
        _git.Dispose();
    }

    [Fact]
    public void Files_subtrees_give_paths_relative_to_files()
    {
        var was = _git.Files(("src/main.c", "int main;\n"), ("readme.txt", "hi\n"));
        var now = _git.Files(("src/main.c", "int main();\n"), ("readme.txt", "hi\n"));

        JsonAssert.Equal("""
            [{"type":"changed","old_filename":"src/main.c","new_filename":"src/main.c","line_counts":{"added":1,"deleted":1,"same":0}},
             {"type":"unchanged","old_filename":"readme.txt","new_filename":"readme.txt","line_counts":{"added":0,"deleted":0,"same":1}}]
            """, FileDiffJson.ForDiffSummary(_differ.Compare(_git.Repository, was, now)));
    }

    [Fact]
    public void No_old_files_makes_every_file_created()
    {
        var diffs = _differ.Compare(_git.Repository, null, _git.Files(("b", "1\n"), ("a", "")));

        Assert.Equal(["created  a", "created  b"], diffs.Select(diff => $"{FileDiffJson.TypeName(diff.Type)} {diff.OldFilename} {diff.NewFilename}"));
    }

    [Fact]
    public void No_new_files_makes_every_file_deleted()
    {
        var diffs = _differ.Compare(_git.Repository, _git.Files(("b", "1\n"), ("a", "")), null);

        Assert.Equal(["deleted a ", "deleted b "], diffs.Select(diff => $"{FileDiffJson.TypeName(diff.Type)} {diff.OldFilename} {diff.NewFilename}"));
    }

    [Fact]
    public void The_same_tree_twice_is_all_unchanged()
    {
        var files = _git.Files(("a", "1\n2\n"), ("b", "3\n"));

        Assert.All(_differ.Compare(_git.Repository, files, files), diff => Assert.Equal(FileDiffType.Unchanged, diff.Type));
    }
}
