using System.Runtime.InteropServices;

namespace Saver.Storage.Native;

/// <summary>libgit2 1.8's <c>git_diff_hunk</c> (x86-64: 152 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GitDiffHunk
{
    /// <summary>GIT_DIFF_HUNK_HEADER_SIZE.</summary>
    public const int HeaderCapacity = 128;

    public int OldStart;                         // 0
    public int OldLines;                         // 4
    public int NewStart;                         // 8
    public int NewLines;                         // 12
    public nuint HeaderLength;                   // 16
    public fixed byte Header[HeaderCapacity];    // 24, NUL terminated
}
