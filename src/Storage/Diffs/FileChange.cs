using LibGit2Sharp;

namespace Saver.Storage.Diffs;

/// <summary>
/// One file git diff -M reports: created (no old side), deleted (no new side), renamed
/// (different paths) or changed (same path, different blob). A rename keeps git's similarity
/// <see cref="Score"/> (out of <see cref="Renames.GitSimilarity.MaxScore"/>), which
/// <c>git diff</c> prints as its "similarity index".
/// </summary>
internal sealed record FileChange(FileDiffType Type, string? OldPath, ObjectId? OldId, string? NewPath, ObjectId? NewId, int Score = 0)
{
    /// <summary>Where git lists the change: at its new path, or its old one when deleted.</summary>
    public string Path => NewPath ?? OldPath!;
}
