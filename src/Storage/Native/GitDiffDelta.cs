using System.Runtime.InteropServices;

namespace Saver.Storage.Native;

/// <summary>libgit2 1.8's <c>git_diff_delta</c> (x86-64: 112 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GitDiffDelta
{
    /// <summary>GIT_DIFF_FLAG_BINARY: libgit2 found a NUL in the first 8000 bytes of a side, as git does.</summary>
    public const uint FlagBinary = 1u << 0;

    public int Status;                   // 0   git_delta_t
    public uint Flags;                   // 4   git_diff_flag_t
    public ushort Similarity;            // 8
    public ushort FileCount;             // 10  nfiles
    public GitDiffFile OldFile;          // 16
    public GitDiffFile NewFile;          // 64
}

/// <summary>libgit2 1.8's <c>git_diff_file</c> (x86-64: 48 bytes; git_oid is 20 raw bytes without GIT_EXPERIMENTAL_SHA256, as NativeBinaries builds it).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GitDiffFile
{
    public fixed byte Id[20];            // 0
    public byte* Path;                   // 24
    public ulong Size;                   // 32  git_object_size_t
    public uint Flags;                   // 40
    public ushort Mode;                  // 44
    public ushort IdAbbrev;              // 46
}
