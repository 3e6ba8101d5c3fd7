using System.Security.Cryptography;
using System.Text;

namespace Saver.Storage.Forks;

/// <summary>
/// The id git gives the tree of a file set, computed without a repository: the same bytes
/// <c>git mktree</c> (or LibGit2Sharp's TreeDefinition) would hash, so a file set read from
/// an old-format kata hashes as it would once stored in a format-2 kata.
/// </summary>
/// <remarks>
/// A blob is <c>SHA-1("blob &lt;size&gt;\0" + bytes)</c>; a tree is
/// <c>SHA-1("tree &lt;size&gt;\0" + entries)</c>, each entry <c>"&lt;mode&gt; &lt;name&gt;\0"</c> and the
/// 20-byte id, in git's order: by name bytes, with a folder compared as if its name ended in '/'.
/// Paths are split at '/'; files are mode 100644 and folders 40000, as format 2 writes them.
/// </remarks>
public static class GitTreeHash
{
    private const string FileMode = "100644";
    private const string FolderMode = "40000";

    /// <summary>The tree id (lowercase hex) of <paramref name="files"/> (path → content, written as UTF-8).</summary>
    public static string Of(IReadOnlyDictionary<string, string> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var root = new Folder();
        foreach (var (path, content) in files)
        {
            var names = path.Split('/');
            var folder = root;
            foreach (var name in names[..^1]) folder = folder.Subfolder(name);
            folder.Files[names[^1]] = BlobId(Encoding.UTF8.GetBytes(content));
        }
        return Convert.ToHexStringLower(TreeId(root));
    }

    private static byte[] BlobId(byte[] content) => ObjectId("blob", content);

    private static byte[] TreeId(Folder folder)
    {
        var entries = folder.Files.Select(f => (Name: Encoding.UTF8.GetBytes(f.Key), Mode: FileMode, Id: f.Value))
            .Concat(folder.Folders.Select(f => (Name: Encoding.UTF8.GetBytes(f.Key), Mode: FolderMode, Id: TreeId(f.Value))))
            .OrderBy(e => e, Comparer<(byte[] Name, string Mode, byte[] Id)>.Create(GitOrder))
            .ToList();
        using var body = new MemoryStream();
        foreach (var (name, mode, id) in entries)
        {
            body.Write(Encoding.ASCII.GetBytes(mode + " "));
            body.Write(name);
            body.WriteByte(0);
            body.Write(id);
        }
        return ObjectId("tree", body.ToArray());
    }

    /// <summary>git's tree order: byte-wise, a folder's name followed by '/'.</summary>
    private static int GitOrder((byte[] Name, string Mode, byte[] Id) a, (byte[] Name, string Mode, byte[] Id) b)
    {
        var common = Math.Min(a.Name.Length, b.Name.Length);
        var order = a.Name.AsSpan(0, common).SequenceCompareTo(b.Name.AsSpan(0, common));
        if (order != 0) return order;
        return NextByte(a, common).CompareTo(NextByte(b, common));
    }

    private static int NextByte((byte[] Name, string Mode, byte[] Id) entry, int at) =>
        at < entry.Name.Length ? entry.Name[at] : entry.Mode == FolderMode ? '/' : 0;

    private static byte[] ObjectId(string type, byte[] content)
    {
        var header = Encoding.ASCII.GetBytes($"{type} {content.Length}\0");
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(header);
        sha1.AppendData(content);
        return sha1.GetHashAndReset();
    }

    private sealed class Folder
    {
        public SortedDictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);
        public SortedDictionary<string, Folder> Folders { get; } = new(StringComparer.Ordinal);

        public Folder Subfolder(string name)
        {
            if (!Folders.TryGetValue(name, out var folder)) Folders[name] = folder = new Folder();
            return folder;
        }
    }
}
