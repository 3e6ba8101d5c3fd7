using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Saver.Storage.Native;

/// <summary>
/// The libgit2 entry points Saver calls itself, bound to the very library file LibGit2Sharp
/// loads (libgit2 1.8.6, from LibGit2Sharp.NativeBinaries 2.0.324). LibGit2Sharp cannot ignore
/// whitespace at end of line, which <c>git diff --ignore-space-at-eol</c> needs; libgit2 can.
/// Signatures follow include/git2/*.h of libgit2 v1.8.6.
/// </summary>
internal static unsafe partial class LibGit2
{
    /// <summary>The file LibGit2Sharp 0.32 loads (runtimes/linux-x64/native/libgit2-5853918.so of its NativeBinaries).</summary>
    public const string LibraryName = "libgit2-5853918";

    static LibGit2()
    {
        // Nothing works before git_libgit2_init (not even error reporting). LibGit2Sharp
        // calls it too, but only once something of its own is touched; the call is
        // reference counted, so making it here as well is harmless.
        var result = Init();
        if (result < 0) throw new SaverException($"libgit2 git_libgit2_init failed ({result})");
    }

    /// <summary>libgit2 refuses to work (its allocator is unset) until this has been called once; it is reference counted.</summary>
    [LibraryImport(LibraryName, EntryPoint = "git_libgit2_init")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Init();

    [LibraryImport(LibraryName, EntryPoint = "git_libgit2_version")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Version(int* major, int* minor, int* revision);

    [LibraryImport(LibraryName, EntryPoint = "git_diff_options_init")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DiffOptionsInit(GitDiffOptions* options, uint version);

    [LibraryImport(LibraryName, EntryPoint = "git_diff_buffers")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int DiffBuffers(
        byte* oldBuffer, nuint oldLength, byte* oldAsPath,
        byte* newBuffer, nuint newLength, byte* newAsPath,
        GitDiffOptions* options,
        delegate* unmanaged[Cdecl]<GitDiffDelta*, float, nint, int> fileCallback,
        nint binaryCallback,
        delegate* unmanaged[Cdecl]<GitDiffDelta*, GitDiffHunk*, nint, int> hunkCallback,
        delegate* unmanaged[Cdecl]<GitDiffDelta*, GitDiffHunk*, GitDiffLine*, nint, int> lineCallback,
        nint payload);

    /// <summary>The text of the calling thread's last libgit2 error.</summary>
    public static string LastErrorMessage()
    {
        var error = ErrorLast();
        return error is null || error->Message is null
            ? "no error message"
            : Marshal.PtrToStringUTF8((nint)error->Message) ?? "no error message";
    }

    /// <summary>The calling thread's last error, or null.</summary>
    [LibraryImport(LibraryName, EntryPoint = "git_error_last")]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial GitError* ErrorLast();
}
