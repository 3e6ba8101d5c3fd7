using System.Runtime.InteropServices;

namespace Saver.Storage.Native;

/// <summary>
/// libgit2 1.8's <c>git_diff_options</c> (x86-64: 96 bytes; the offsets are pinned by
/// NativeLayoutTests, measured with offsetof against the v1.8.6 headers). Since 1.7 it holds
/// <c>oid_type</c> before <c>id_abbrev</c>; 0 means the repository's, SHA-1.
/// Always fill it with <see cref="LibGit2.DiffOptionsInit"/> before changing fields.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GitDiffOptions
{
    /// <summary>GIT_DIFF_OPTIONS_VERSION.</summary>
    public const uint CurrentVersion = 1;

    /// <summary>GIT_DIFF_INDENT_HEURISTIC: git's default slider heuristic (diff.indentHeuristic=true since git 2.14).</summary>
    public const uint IndentHeuristic = 1u << 18;

    /// <summary>GIT_DIFF_IGNORE_WHITESPACE_EOL: <c>--ignore-space-at-eol</c> (1u &lt;&lt; 24; 1u &lt;&lt; 15 is GIT_DIFF_UPDATE_INDEX).</summary>
    public const uint IgnoreWhitespaceEol = 1u << 24;

    public uint Version;                 // 0
    public uint Flags;                   // 4
    public int IgnoreSubmodules;         // 8   git_submodule_ignore_t
    public nint PathspecStrings;         // 16  git_strarray.strings
    public nuint PathspecCount;          // 24  git_strarray.count
    public nint NotifyCallback;          // 32
    public nint ProgressCallback;        // 40
    public nint Payload;                 // 48
    public uint ContextLines;            // 56
    public uint InterhunkLines;          // 60
    public int OidType;                  // 64  git_oid_t
    public ushort IdAbbrev;              // 68
    public long MaxSize;                 // 72  git_off_t
    public nint OldPrefix;               // 80
    public nint NewPrefix;               // 88
}
