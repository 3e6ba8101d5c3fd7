using System.Runtime.InteropServices;
using LibGit2Sharp;
using Saver.Storage.Native;

namespace Saver.Storage.Git;

/// <summary>The kinds of git object, numbered as git numbers them in packs.</summary>
public enum GitObjectKind { Commit = 1, Tree = 2, Blob = 3, Tag = 4 }

/// <summary>A git object's kind and its raw bytes (a tree's binary entries, a commit's text).</summary>
public readonly record struct RawObject(GitObjectKind Kind, ObjectBytes Data);

/// <summary>
/// One repository's object folder through libgit2's own object database: objects read raw by
/// id, and packs (thin ones included, their missing bases taken from here) indexed into its
/// pack folder. Not thread-safe; open one per piece of work.
/// </summary>
public sealed unsafe class GitObjectStore : IDisposable
{
    private nint _odb;

    private GitObjectStore(nint odb, string objectsFolder)
    {
        _odb = odb;
        ObjectsFolder = objectsFolder;
    }

    public string ObjectsFolder { get; }

    /// <summary>Opens the object database of the bare repository in <paramref name="gitDirectory"/>.</summary>
    public static GitObjectStore Open(string gitDirectory)
    {
        var objects = Path.Combine(gitDirectory, "objects");
        nint odb;
        Check(LibGit2.OdbOpen(&odb, objects), "git_odb_open");
        return new GitObjectStore(odb, objects);
    }

    /// <summary>The object, or null when it is not here.</summary>
    public RawObject? TryRead(ObjectId id)
    {
        var raw = id.RawId;
        nint obj;
        int result;
        fixed (byte* oid = raw) result = LibGit2.OdbRead(&obj, Handle, oid);
        if (result == GitErrorCode.NotFound) return null;
        Check(result, "git_odb_read");
        try
        {
            var data = new ReadOnlySpan<byte>(LibGit2.OdbObjectData(obj), checked((int)LibGit2.OdbObjectSize(obj))).ToArray();
            return new RawObject((GitObjectKind)LibGit2.OdbObjectType(obj), data);
        }
        finally
        {
            LibGit2.OdbObjectFree(obj);
        }
    }

    public RawObject Read(ObjectId id) => TryRead(id) ?? throw new SaverException($"git object {id} is missing from {ObjectsFolder}");

    public bool Contains(ObjectId id)
    {
        var raw = id.RawId;
        fixed (byte* oid = raw) return LibGit2.OdbExists(Handle, oid) == 1;
    }

    /// <summary>Writes a loose object (if it is not here yet) and returns its id.</summary>
    public ObjectId Write(GitObjectKind kind, ReadOnlySpan<byte> data)
    {
        var id = new byte[20];
        fixed (byte* oid = id)
        fixed (byte* bytes = data)
            Check(LibGit2.OdbWrite(oid, Handle, bytes, (nuint)data.Length, (int)kind), "git_odb_write");
        return new ObjectId(id);
    }

    /// <summary>
    /// Indexes a pack into the pack folder, as <c>git index-pack --fix-thin</c> does: a thin
    /// pack's deltas against objects it leaves out are resolved from this store, and those
    /// bases are added to the pack so it stands alone. Returns the pack's file path.
    /// </summary>
    public string IndexPack(ReadOnlySpan<byte> pack)
    {
        var packFolder = Path.Combine(ObjectsFolder, "pack");
        Directory.CreateDirectory(packFolder);
        GitIndexerOptions options;
        Check(LibGit2.IndexerOptionsInit(&options, GitIndexerOptions.CurrentVersion), "git_indexer_options_init");
        nint indexer;
        Check(LibGit2.IndexerNew(&indexer, packFolder, 0, Handle, &options), "git_indexer_new");
        try
        {
            GitIndexerProgress progress;
            fixed (byte* data = pack) Check(LibGit2.IndexerAppend(indexer, data, (nuint)pack.Length, &progress), "git_indexer_append");
            Check(LibGit2.IndexerCommit(indexer, &progress), "git_indexer_commit");
            var name = Marshal.PtrToStringUTF8((nint)LibGit2.IndexerName(indexer))!;
            return Path.Combine(packFolder, $"pack-{name}.pack");
        }
        finally
        {
            LibGit2.IndexerFree(indexer);
        }
    }

    /// <summary>Looks again for packs added to the folder since it was opened (or last refreshed).</summary>
    public void Refresh() => Check(LibGit2.OdbRefresh(Handle), "git_odb_refresh");

    public void Dispose()
    {
        if (_odb == 0) return;
        LibGit2.OdbFree(_odb);
        _odb = 0;
    }

    private nint Handle
    {
        get
        {
            ObjectDisposedException.ThrowIf(_odb == 0, this);
            return _odb;
        }
    }

    private static void Check(int result, string call)
    {
        if (result < 0) throw new SaverException($"libgit2 {call} failed ({result}): {LibGit2.LastErrorMessage()}");
    }

    /// <summary>The libgit2 error codes told apart here.</summary>
    private static class GitErrorCode
    {
        public const int NotFound = -3;
    }
}
