using LibGit2Sharp;

namespace Saver.Storage.Diffs;

/// <summary>
/// One file git diff -M reports: created (no old side), deleted (no new side), renamed
/// (different paths) or changed (same path, different blob).
/// </summary>
internal sealed record FileChange(FileDiffType Type, string? OldPath, ObjectId? OldId, string? NewPath, ObjectId? NewId)
{
    /// <summary>Where git lists the change: at its new path, or its old one when deleted.</summary>
    public string Path => NewPath ?? OldPath!;
}
