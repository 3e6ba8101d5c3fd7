using System.Runtime.InteropServices;

namespace Saver.Storage.Native;

/// <summary>libgit2 1.8's <c>git_diff_line</c> (x86-64: 40 bytes). <c>origin</c> is a C char: one byte.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GitDiffLine
{
    /// <summary>GIT_DIFF_LINE_CONTEXT.</summary>
    public const byte Context = (byte)' ';
    /// <summary>GIT_DIFF_LINE_ADDITION.</summary>
    public const byte Addition = (byte)'+';
    /// <summary>GIT_DIFF_LINE_DELETION.</summary>
    public const byte Deletion = (byte)'-';
    /// <summary>GIT_DIFF_LINE_CONTEXT_EOFNL: a marker, not a line (both sides lack the final newline).</summary>
    public const byte ContextEofNewline = (byte)'=';
    /// <summary>GIT_DIFF_LINE_ADD_EOFNL: a marker, not a line.</summary>
    public const byte AddEofNewline = (byte)'>';
    /// <summary>GIT_DIFF_LINE_DEL_EOFNL: a marker, not a line.</summary>
    public const byte DeleteEofNewline = (byte)'<';

    public byte Origin;                  // 0
    public int OldLineNumber;            // 4   -1 for an added line
    public int NewLineNumber;            // 8   -1 for a deleted line
    public int NewlineCount;             // 12  num_lines
    public nuint ContentLength;          // 16
    public long ContentOffset;           // 24  git_off_t
    public byte* Content;                // 32  not NUL terminated
}
