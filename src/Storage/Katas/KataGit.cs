using System.Text;
using LibGit2Sharp;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

/// <summary>
/// The git operations of a format-2 kata, in-process with LibGit2Sharp and without a working
/// tree: trees are built from blobs, commits are made on <c>main</c>, and each event index is
/// a lightweight tag. Every commit is authored and committed by <c>id &lt;id@cyber-dojo.org&gt;</c>
/// at the event's time.
/// </summary>
public static class KataGit
{
    public const string MainBranch = "refs/heads/main";

    public static Signature SignatureFor(EntityId id, DateTimeOffset when) => new(id.Value, $"{id.Value}@cyber-dojo.org", when);

    public static string TagName(int index) => "refs/tags/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The repository's configured author (the original sets it in the config too).</summary>
    public static GitUser UserFor(EntityId id) => new(id.Value, $"{id.Value}@cyber-dojo.org");


    /// <summary>A top-level file of a tree as text, or null when it is absent.</summary>
    public static string? ReadText(Tree tree, string path) =>
        tree[path]?.Target is Blob blob ? ReadText(blob) : null;

    /// <summary>A top-level file of a tree as bytes, or null when it is absent.</summary>
    public static byte[]? ReadBytes(Tree tree, string path)
    {
        if (tree[path]?.Target is not Blob blob) return null;
        using var stream = blob.GetContentStream();
        var bytes = new byte[blob.Size];
        stream.ReadExactly(bytes);
        return bytes;
    }

    public static string ReadText(Blob blob)
    {
        using var stream = blob.GetContentStream();
        using var buffer = new MemoryStream((int)Math.Min(blob.Size, int.MaxValue));
        stream.CopyTo(buffer);
        return Utf8Text.Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>The files under files/ of a tree, by path relative to files/, in byte-wise path order.</summary>
    public static SortedDictionary<string, string> ReadFiles(Tree tree)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (tree[KataTree.Files]?.Target is Tree folder) Collect(folder, "", files);
        return files;
    }

    private static void Collect(Tree tree, string prefix, IDictionary<string, string> into)
    {
        foreach (var entry in tree)
        {
            switch (entry.Target)
            {
                case Blob blob: into[prefix + entry.Name] = ReadText(blob); break;
                case Tree sub: Collect(sub, prefix + entry.Name + "/", into); break;
            }
        }
    }

    /// <summary>The files/ subtree of a commit, or null when it has no files.</summary>
    public static Tree? FilesTree(Commit commit) => commit.Tree[KataTree.Files]?.Target as Tree;

    /// <summary>The tree of the files (paths relative to files/), or null when there are none.</summary>
    public static Tree? BuildFilesTree(Repository repo, IReadOnlyDictionary<string, string> files) =>
        BuildFilesTree(repo, content => WriteBlob(repo, content), files);

    /// <summary>As <see cref="BuildFilesTree(Repository, IReadOnlyDictionary{string, string})"/>, its blobs written by the edit.</summary>
    public static Tree? BuildFilesTree(RepositoryEdit edit, IReadOnlyDictionary<string, string> files) =>
        BuildFilesTree(edit.Repository, edit.WriteBlob, files);

    private static Tree? BuildFilesTree(Repository repo, Func<ObjectBytes, ObjectId> write, IReadOnlyDictionary<string, string> files)
    {
        if (files.Count == 0) return null;
        var definition = new TreeDefinition();
        foreach (var (name, content) in files)
            definition.Add(name, write(Encoding.UTF8.GetBytes(content)), Mode.NonExecutableFile);
        return repo.ObjectDatabase.CreateTree(definition);
    }

    /// <summary>
    /// A tree that is <paramref name="baseTree"/> with the top-level files in
    /// <paramref name="topLevel"/> set and, when <paramref name="replaceFiles"/>, its files/
    /// replaced wholesale by <paramref name="files"/> (none when null).
    /// </summary>
    public static Tree BuildTree(Repository repo, Tree? baseTree, IReadOnlyDictionary<string, ObjectBytes> topLevel,
        bool replaceFiles = false, Tree? files = null) =>
        BuildTree(repo, content => WriteBlob(repo, content), baseTree, topLevel, replaceFiles, files);

    /// <summary>As <see cref="BuildTree(Repository, Tree?, IReadOnlyDictionary{string, ObjectBytes}, bool, Tree?)"/>, its blobs written by the edit.</summary>
    public static Tree BuildTree(RepositoryEdit edit, Tree? baseTree, IReadOnlyDictionary<string, ObjectBytes> topLevel,
        bool replaceFiles = false, Tree? files = null) =>
        BuildTree(edit.Repository, edit.WriteBlob, baseTree, topLevel, replaceFiles, files);

    private static Tree BuildTree(Repository repo, Func<ObjectBytes, ObjectId> write, Tree? baseTree, IReadOnlyDictionary<string, ObjectBytes> topLevel,
        bool replaceFiles, Tree? files) =>
        BuildTree(repo, baseTree, topLevel.ToDictionary(entry => entry.Key, entry => write(entry.Value)), replaceFiles, files);

    /// <summary>As <see cref="BuildTree(Repository, Tree?, IReadOnlyDictionary{string, ObjectBytes}, bool, Tree?)"/>, its top-level blobs stored already.</summary>
    public static Tree BuildTree(Repository repo, Tree? baseTree, IReadOnlyDictionary<string, ObjectId> topLevelBlobs,
        bool replaceFiles = false, Tree? files = null)
    {
        var definition = baseTree is null ? new TreeDefinition() : TreeDefinition.From(baseTree);
        if (replaceFiles)
        {
            definition.Remove(KataTree.Files);
            if (files is not null) definition.Add(KataTree.Files, files);
        }
        foreach (var (path, blob) in topLevelBlobs)
            definition.Add(path, blob, Mode.NonExecutableFile);
        return repo.ObjectDatabase.CreateTree(definition);
    }

    /// <summary>Stores a blob and returns its id (without reading it back, as <c>CreateBlob</c> does).</summary>
    public static ObjectId WriteBlob(Repository repo, ObjectBytes content) => repo.ObjectDatabase.Write<Blob>(content.ToArray());

    /// <summary>Commits a tree on main (with the current head as parent, if any) and tags it with each of <paramref name="tags"/>.</summary>
    public static Commit Commit(RepositoryEdit edit, EntityId id, Tree tree, string message, DateTimeOffset when,
        Commit? parent, IEnumerable<int> tags)
    {
        var signature = SignatureFor(id, when);
        var commit = edit.Repository.ObjectDatabase.CreateCommit(signature, signature, message + "\n", tree,
            parent is null ? [] : [parent], prettifyMessage: false);
        edit.SetRef(MainBranch, commit.Id);
        foreach (var index in tags) edit.SetRef(TagName(index), commit.Id, overwrite: false);
        return commit;
    }
}
