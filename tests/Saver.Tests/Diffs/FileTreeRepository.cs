using LibGit2Sharp;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Diffs;

/// <summary>
/// A bare repository in a temp folder where tests turn file sets into the files/ subtree
/// of a kata-like root tree (files/… next to events.json), as the diffs receive them.
/// </summary>
internal sealed class FileTreeRepository : IDisposable
{
    private readonly TempDirectory _folder = new("diffs");

    public FileTreeRepository()
    {
        Repository = new Repository(Repository.Init(_folder.Path, isBare: true));
    }

    public Repository Repository { get; }

    /// <summary>The files/ subtree holding <paramref name="files"/>; null for none.</summary>
    public Tree? Files(params (string Path, string Content)[] files)
    {
        if (files.Length == 0) return null;
        var root = new TreeDefinition();
        root.Add("events.json", Repository.ObjectDatabase.Write<Blob>("[]"u8.ToArray()), Mode.NonExecutableFile);
        foreach (var (path, content) in files)
            root.Add("files/" + path, Repository.ObjectDatabase.Write<Blob>(System.Text.Encoding.UTF8.GetBytes(content)), Mode.NonExecutableFile);
        var tree = Repository.ObjectDatabase.CreateTree(root);
        return (Tree)tree["files"].Target;
    }

    public void Dispose()
    {
        Repository.Dispose();
        _folder.Dispose();
    }
}
