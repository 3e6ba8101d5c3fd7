using Saver.Storage.Diffs;

namespace Saver.Storage.IO;

/// <summary>
/// Files by '/'-separated path, listed as git lists a tree and git archive writes it: each
/// folder's entries by the bytes of their names, a folder's name counting as if it ended
/// in '/', and each folder just before its contents.
/// </summary>
public sealed class GitOrderedTree
{
    private readonly Folder _root = new();

    /// <exception cref="SaverException">The path is empty, or is both a file and a folder.</exception>
    public void Add(string path, byte[] content)
    {
        var parts = path.Split('/');
        if (parts.Any(p => p.Length == 0)) throw new SaverException($"cannot archive a file called '{path}'");
        var folder = _root;
        foreach (var part in parts[..^1])
        {
            if (folder.Files.ContainsKey(part)) throw new SaverException($"'{part}' in '{path}' is a file and a folder");
            if (!folder.Folders.TryGetValue(part, out var sub)) folder.Folders[part] = sub = new Folder();
            folder = sub;
        }
        if (folder.Folders.ContainsKey(parts[^1])) throw new SaverException($"'{path}' is a file and a folder");
        folder.Files[parts[^1]] = content;
    }

    /// <summary>Every folder (its path ending in '/', content null) and file, in git's order.</summary>
    public IEnumerable<(string Path, byte[]? Content)> InGitOrder() => List(_root, "");

    private static IEnumerable<(string, byte[]?)> List(Folder folder, string prefix)
    {
        var names = folder.Files.Keys.Select(n => (Key: n, Name: n, IsFolder: false))
            .Concat(folder.Folders.Keys.Select(n => (Key: n + "/", Name: n, IsFolder: true)))
            .OrderBy(e => e.Key, PathOrder.Instance);
        foreach (var (_, name, isFolder) in names)
        {
            if (!isFolder)
            {
                yield return (prefix + name, folder.Files[name]);
                continue;
            }
            yield return (prefix + name + "/", null);
            foreach (var member in List(folder.Folders[name], prefix + name + "/")) yield return member;
        }
    }

    private sealed class Folder
    {
        public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, Folder> Folders { get; } = new(StringComparer.Ordinal);
    }
}
