using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Saver.Storage.Native;

/// <summary>
/// libgit2's object database and pack indexer (include/git2/odb.h, indexer.h of v1.8.6):
/// raw objects read and written by id, and a pack, thin or not, indexed into a pack folder.
/// LibGit2Sharp exposes neither the raw bytes of a tree nor the indexer.
/// </summary>
internal static unsafe partial class LibGit2
{
    /// <summary>git_object_t.</summary>
    public const int ObjectCommit = 1, ObjectTree = 2, ObjectBlob = 3, ObjectTag = 4;

    [LibraryImport(LibraryName, EntryPoint = "git_odb_open", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int OdbOpen(nint* odb, string objectsDirectory);

    [LibraryImport(LibraryName, EntryPoint = "git_odb_refresh")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int OdbRefresh(nint odb);

    [LibraryImport(LibraryName, EntryPoint = "git_odb_free")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void OdbFree(nint odb);

    [LibraryImport(LibraryName, EntryPoint = "git_odb_read")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int OdbRead(nint* obj, nint odb, byte* id);

    [LibraryImport(LibraryName, EntryPoint = "git_odb_exists")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int OdbExists(nint odb, byte* id);

    [LibraryImport(LibraryName, EntryPoint = "git_odb_write")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int OdbWrite(byte* id, nint odb, byte* data, nuint length, int type);

    [LibraryImport(LibraryName, EntryPoint = "git_odb_object_data")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* OdbObjectData(nint obj);

    [LibraryImport(LibraryName, EntryPoint = "git_odb_object_size")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial nuint OdbObjectSize(nint obj);

    [LibraryImport(LibraryName, EntryPoint = "git_odb_object_type")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int OdbObjectType(nint obj);

    [LibraryImport(LibraryName, EntryPoint = "git_odb_object_free")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void OdbObjectFree(nint obj);

    [LibraryImport(LibraryName, EntryPoint = "git_indexer_options_init")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int IndexerOptionsInit(GitIndexerOptions* options, uint version);

    [LibraryImport(LibraryName, EntryPoint = "git_indexer_new", StringMarshalling = StringMarshalling.Utf8)]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int IndexerNew(nint* indexer, string packFolder, uint mode, nint odb, GitIndexerOptions* options);

    [LibraryImport(LibraryName, EntryPoint = "git_indexer_append")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int IndexerAppend(nint indexer, byte* data, nuint length, GitIndexerProgress* stats);

    [LibraryImport(LibraryName, EntryPoint = "git_indexer_commit")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int IndexerCommit(nint indexer, GitIndexerProgress* stats);

    [LibraryImport(LibraryName, EntryPoint = "git_indexer_name")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial byte* IndexerName(nint indexer);

    [LibraryImport(LibraryName, EntryPoint = "git_indexer_free")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial void IndexerFree(nint indexer);
}

/// <summary>libgit2 1.8's <c>git_indexer_options</c> without GIT_EXPERIMENTAL_SHA256 (x86-64: 32 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GitIndexerOptions
{
    public const uint CurrentVersion = 1;

    public uint Version;                 // 0
    public nint ProgressCallback;        // 8
    public nint ProgressPayload;         // 16
    public byte Verify;                  // 24
}

/// <summary>libgit2 1.8's <c>git_indexer_progress</c> (x86-64: 32 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GitIndexerProgress
{
    public uint TotalObjects;            // 0
    public uint IndexedObjects;          // 4
    public uint ReceivedObjects;         // 8
    public uint LocalObjects;            // 12
    public uint TotalDeltas;             // 16
    public uint IndexedDeltas;           // 20
    public nuint ReceivedBytes;          // 24
}
