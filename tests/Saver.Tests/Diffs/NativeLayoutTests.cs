using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Saver.Storage.Native;

namespace Saver.Tests.Diffs;

/// <summary>
/// The hand-written libgit2 1.8 structs must match the C layout byte for byte. The expected
/// numbers were measured with offsetof/sizeof by a C program compiled against the v1.8.6
/// headers (libgit2's include/ at tag v1.8.6, without GIT_EXPERIMENTAL_SHA256), the version
/// LibGit2Sharp.NativeBinaries 2.0.324 builds.
/// </summary>
public unsafe class NativeLayoutTests
{
    [Fact]
    public void The_loaded_library_is_libgit2_1_8_the_one_LibGit2Sharp_loads()
    {
        int major, minor, revision;
        Assert.Equal(0, LibGit2.Version(&major, &minor, &revision));
        Assert.Equal((1, 8), (major, minor));
        // LibGit2Sharp's version names its native library ("0.32.0+libgit2-5853918.…"): the file bound here.
        var nativeCommit = LibGit2Sharp.GlobalSettings.Version.InformationalVersion.Split('+')[1].Split('.')[0];
        Assert.Equal(LibGit2.LibraryName, nativeCommit);
    }

    [Fact]
    public void Flag_values_are_those_of_the_1_8_headers()
    {
        Assert.Equal(16777216u, GitDiffOptions.IgnoreWhitespaceEol);
        Assert.Equal(262144u, GitDiffOptions.IndentHeuristic);
        Assert.Equal(1u, GitDiffOptions.CurrentVersion);
        Assert.Equal(1u, GitDiffDelta.FlagBinary);
    }

    [Theory]
    [InlineData(nameof(GitDiffOptions.Version), 0)]
    [InlineData(nameof(GitDiffOptions.Flags), 4)]
    [InlineData(nameof(GitDiffOptions.IgnoreSubmodules), 8)]
    [InlineData(nameof(GitDiffOptions.PathspecStrings), 16)]
    [InlineData(nameof(GitDiffOptions.PathspecCount), 24)]
    [InlineData(nameof(GitDiffOptions.NotifyCallback), 32)]
    [InlineData(nameof(GitDiffOptions.ProgressCallback), 40)]
    [InlineData(nameof(GitDiffOptions.Payload), 48)]
    [InlineData(nameof(GitDiffOptions.ContextLines), 56)]
    [InlineData(nameof(GitDiffOptions.InterhunkLines), 60)]
    [InlineData(nameof(GitDiffOptions.OidType), 64)]
    [InlineData(nameof(GitDiffOptions.IdAbbrev), 68)]
    [InlineData(nameof(GitDiffOptions.MaxSize), 72)]
    [InlineData(nameof(GitDiffOptions.OldPrefix), 80)]
    [InlineData(nameof(GitDiffOptions.NewPrefix), 88)]
    public void Diff_options_fields_sit_at_their_C_offsets(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<GitDiffOptions>(field));

    [Theory]
    [InlineData(nameof(GitDiffHunk.OldStart), 0)]
    [InlineData(nameof(GitDiffHunk.OldLines), 4)]
    [InlineData(nameof(GitDiffHunk.NewStart), 8)]
    [InlineData(nameof(GitDiffHunk.NewLines), 12)]
    [InlineData(nameof(GitDiffHunk.HeaderLength), 16)]
    [InlineData(nameof(GitDiffHunk.Header), 24)]
    public void Diff_hunk_fields_sit_at_their_C_offsets(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<GitDiffHunk>(field));

    [Theory]
    [InlineData(nameof(GitDiffLine.Origin), 0)]
    [InlineData(nameof(GitDiffLine.OldLineNumber), 4)]
    [InlineData(nameof(GitDiffLine.NewLineNumber), 8)]
    [InlineData(nameof(GitDiffLine.NewlineCount), 12)]
    [InlineData(nameof(GitDiffLine.ContentLength), 16)]
    [InlineData(nameof(GitDiffLine.ContentOffset), 24)]
    [InlineData(nameof(GitDiffLine.Content), 32)]
    public void Diff_line_fields_sit_at_their_C_offsets(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<GitDiffLine>(field));

    [Theory]
    [InlineData(nameof(GitDiffDelta.Status), 0)]
    [InlineData(nameof(GitDiffDelta.Flags), 4)]
    [InlineData(nameof(GitDiffDelta.Similarity), 8)]
    [InlineData(nameof(GitDiffDelta.FileCount), 10)]
    [InlineData(nameof(GitDiffDelta.OldFile), 16)]
    [InlineData(nameof(GitDiffDelta.NewFile), 64)]
    public void Diff_delta_fields_sit_at_their_C_offsets(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<GitDiffDelta>(field));

    [Theory]
    [InlineData(nameof(GitDiffFile.Id), 0)]
    [InlineData(nameof(GitDiffFile.Path), 24)]
    [InlineData(nameof(GitDiffFile.Size), 32)]
    [InlineData(nameof(GitDiffFile.Flags), 40)]
    [InlineData(nameof(GitDiffFile.Mode), 44)]
    [InlineData(nameof(GitDiffFile.IdAbbrev), 46)]
    public void Diff_file_fields_sit_at_their_C_offsets(string field, int offset) =>
        Assert.Equal(offset, (int)Marshal.OffsetOf<GitDiffFile>(field));

    [Fact]
    public void Struct_sizes_match_C()
    {
        Assert.Equal(96, Unsafe.SizeOf<GitDiffOptions>());
        Assert.Equal(152, Unsafe.SizeOf<GitDiffHunk>());
        Assert.Equal(40, Unsafe.SizeOf<GitDiffLine>());
        Assert.Equal(112, Unsafe.SizeOf<GitDiffDelta>());
        Assert.Equal(48, Unsafe.SizeOf<GitDiffFile>());
        Assert.Equal(16, Unsafe.SizeOf<GitError>());
        Assert.Equal(Unsafe.SizeOf<GitDiffOptions>(), Marshal.SizeOf<GitDiffOptions>());
    }

    [Fact]
    public void Options_init_fills_the_defaults_where_the_struct_expects_them()
    {
        // GIT_DIFF_OPTIONS_INIT is {1, 0, GIT_SUBMODULE_IGNORE_UNSPECIFIED (-1), {NULL,0}, NULL, NULL, NULL, 3}.
        // Poison the struct first so a field the library did not write would show.
        var options = new GitDiffOptions { Flags = 0xDEAD, ContextLines = 0xBEEF, OidType = 77, NewPrefix = 1234 };
        Assert.Equal(0, LibGit2.DiffOptionsInit(&options, GitDiffOptions.CurrentVersion));

        Assert.Equal(1u, options.Version);
        Assert.Equal(0u, options.Flags);
        Assert.Equal(-1, options.IgnoreSubmodules);
        Assert.Equal(3u, options.ContextLines);
        Assert.Equal(0u, options.InterhunkLines);
        Assert.Equal(0, options.OidType);
        Assert.Equal(0L, options.MaxSize);
        Assert.Equal(0, options.NewPrefix);
    }

    [Fact]
    public void Options_init_rejects_an_unknown_version_with_libgit2s_message()
    {
        GitDiffOptions options;
        Assert.True(LibGit2.DiffOptionsInit(&options, 99) < 0);
        var error = LibGit2.ErrorLast();
        Assert.True(error is not null);
        Assert.Contains("git_diff_options", Marshal.PtrToStringUTF8((nint)error->Message));
    }
}
