using LibGit2Sharp;

namespace Saver.Storage.Diffs;

/// <summary>Reads the blobs and file lists the diffs need from a repository.</summary>
internal static class GitObjects
{
    /// <summary>The raw bytes of a blob (no filters: files/ holds exactly what was saved).</summary>
    public static byte[] ReadBlob(Repository repository, ObjectId id)
    {
        var blob = repository.Lookup<Blob>(id)
            ?? throw new SaverException($"git object {id} is not a blob");
        var bytes = new byte[blob.Size];
        using var stream = blob.GetContentStream();
        stream.ReadExactly(bytes);
        return bytes;
    }

    /// <summary>Every blob under <paramref name="tree"/> with its path relative to it ("dir/name").</summary>
    public static IEnumerable<(string Path, ObjectId Id)> Files(Tree? tree) =>
        tree is null ? [] : Files(tree, prefix: string.Empty);

    // TreeEntry.Path is relative to the commit's root tree, not to files/, so paths are built from names.
    private static IEnumerable<(string Path, ObjectId Id)> Files(Tree tree, string prefix)
    {
        foreach (var entry in tree)
        {
            var path = prefix + entry.Name;
            switch (entry.TargetType)
            {
                case TreeEntryTargetType.Blob:
                    yield return (path, entry.Target.Id);
                    break;
                case TreeEntryTargetType.Tree:
                    foreach (var file in Files((Tree)entry.Target, path + "/")) yield return file;
                    break;
            }
        }
    }
}
