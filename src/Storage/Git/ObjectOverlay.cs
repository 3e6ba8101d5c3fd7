using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LibGit2Sharp;

namespace Saver.Storage.Git;

/// <summary>
/// Objects a repository folder holds in memory, raw, beside its packs on disk: those its own
/// writes made, and those of other instances' changes read from the log. libgit2 sees them
/// through <see cref="OverlayBackend"/>, added first to every repository opened on the folder,
/// so a write creates its trees and commits, and a catch-up adds what others wrote, without a
/// file per object or compressing anything. Maintenance packs them (a new folder starts empty).
/// </summary>
public sealed class ObjectOverlay
{
    private readonly ConcurrentDictionary<ObjectId, RawObject> _objects = new();
    private long _bytes;

    /// <summary>The bytes of the objects held.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    public int Count => _objects.Count;

    public bool TryGet(ObjectId id, out RawObject raw) => _objects.TryGetValue(id, out raw);

    public bool Contains(ObjectId id) => _objects.ContainsKey(id);

    /// <summary>Adds an object (its id computed as git does) and returns the id.</summary>
    public ObjectId Add(GitObjectKind kind, ObjectBytes data)
    {
        var id = IdOf(kind, data);
        Add(id, new RawObject(kind, data));
        return id;
    }

    public void Add(ObjectId id, RawObject raw)
    {
        if (_objects.TryAdd(id, raw)) Interlocked.Add(ref _bytes, raw.Data.Length);
    }

    /// <summary>Every object held now.</summary>
    public IEnumerable<KeyValuePair<ObjectId, RawObject>> All => _objects;

    /// <summary>The ids starting with a hex prefix (abbreviated lookups).</summary>
    public IEnumerable<ObjectId> WithPrefix(string hexPrefix) =>
        _objects.Keys.Where(id => id.Sha.StartsWith(hexPrefix, StringComparison.Ordinal));

    /// <summary>An object's id: the SHA-1 of "kind size\0" and its bytes.</summary>
    public static ObjectId IdOf(GitObjectKind kind, in ObjectBytes data)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        hash.AppendData(Encoding.ASCII.GetBytes($"{Name(kind)} {data.Length}\0"));
        data.AppendTo(hash);
        return new ObjectId(hash.GetHashAndReset());
    }

    private static string Name(GitObjectKind kind) => kind switch
    {
        GitObjectKind.Commit => "commit",
        GitObjectKind.Tree => "tree",
        GitObjectKind.Blob => "blob",
        GitObjectKind.Tag => "tag",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}

/// <summary>libgit2's view of an <see cref="ObjectOverlay"/>: a backend of the repository's object database (one per repository opened).</summary>
internal sealed class OverlayBackend(ObjectOverlay overlay) : OdbBackend
{
    /// <summary>Above libgit2's own (loose 2, packed 1): asked first, and written to.</summary>
    public const int Priority = 10;

    protected override OdbBackendOperations SupportedOperations =>
        OdbBackendOperations.Read | OdbBackendOperations.ReadPrefix | OdbBackendOperations.ReadHeader |
        OdbBackendOperations.Write | OdbBackendOperations.Exists | OdbBackendOperations.ExistsPrefix | OdbBackendOperations.ForEach;

    public override int Read(ObjectId id, out UnmanagedMemoryStream? data, out ObjectType objectType)
    {
        data = null;
        objectType = default;
        if (!overlay.TryGet(id, out var raw)) return (int)ReturnCode.GIT_ENOTFOUND;
        data = Allocate(raw.Data.Length);
        raw.Data.WriteTo(data);
        objectType = ToLibGit2(raw.Kind);
        return (int)ReturnCode.GIT_OK;
    }

    public override int ReadPrefix(string shortSha, out ObjectId? id, out UnmanagedMemoryStream? data, out ObjectType objectType)
    {
        id = null;
        data = null;
        objectType = default;
        var found = overlay.WithPrefix(shortSha).Take(2).ToList();
        if (found.Count == 0) return (int)ReturnCode.GIT_ENOTFOUND;
        if (found.Count > 1) return (int)ReturnCode.GIT_EAMBIGUOUS;
        id = found[0];
        return Read(found[0], out data, out objectType);
    }

    public override int ReadHeader(ObjectId id, out int length, out ObjectType objectType)
    {
        length = 0;
        objectType = default;
        if (!overlay.TryGet(id, out var raw)) return (int)ReturnCode.GIT_ENOTFOUND;
        length = raw.Data.Length;
        objectType = ToLibGit2(raw.Kind);
        return (int)ReturnCode.GIT_OK;
    }

    public override int Write(ObjectId id, Stream dataStream, long length, ObjectType objectType)
    {
        var data = new byte[length];
        dataStream.ReadExactly(data);
        overlay.Add(id, new RawObject(FromLibGit2(objectType), data));
        return (int)ReturnCode.GIT_OK;
    }

    public override int ReadStream(ObjectId id, out OdbBackendStream? stream)
    {
        stream = null;
        return (int)ReturnCode.GIT_EUSER; // not offered (SupportedOperations leaves streams out)
    }

    public override int WriteStream(long length, ObjectType objectType, out OdbBackendStream? stream)
    {
        stream = null;
        return (int)ReturnCode.GIT_EUSER; // not offered (SupportedOperations leaves streams out)
    }

    public override bool Exists(ObjectId id) => overlay.Contains(id);

    public override int ExistsPrefix(string shortSha, out ObjectId? found)
    {
        var matches = overlay.WithPrefix(shortSha).Take(2).ToList();
        found = matches.Count == 1 ? matches[0] : null;
        return matches.Count switch
        {
            0 => (int)ReturnCode.GIT_ENOTFOUND,
            1 => (int)ReturnCode.GIT_OK,
            _ => (int)ReturnCode.GIT_EAMBIGUOUS,
        };
    }

    public override int ForEach(ForEachCallback callback)
    {
        foreach (var (id, _) in overlay.All)
            if (callback(id) != 0) break;
        return (int)ReturnCode.GIT_OK;
    }

    private static ObjectType ToLibGit2(GitObjectKind kind) => kind switch
    {
        GitObjectKind.Commit => ObjectType.Commit,
        GitObjectKind.Tree => ObjectType.Tree,
        GitObjectKind.Blob => ObjectType.Blob,
        _ => ObjectType.Tag,
    };

    private static GitObjectKind FromLibGit2(ObjectType type) => type switch
    {
        ObjectType.Commit => GitObjectKind.Commit,
        ObjectType.Tree => GitObjectKind.Tree,
        ObjectType.Blob => GitObjectKind.Blob,
        _ => GitObjectKind.Tag,
    };
}
