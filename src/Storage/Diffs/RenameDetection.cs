using LibGit2Sharp;

namespace Saver.Storage.Diffs;

/// <summary>The tree diff options shared by <see cref="FilesDiffer"/> and <see cref="DiffCounts"/>: git diff -M.</summary>
internal static class RenameDetection
{
    /// <summary>
    /// Renames (not copies) at git's default 50% similarity. libgit2 scores similarity with
    /// its own signature, not git's; whitespace is kept significant because git's score
    /// counts it too (libgit2's default ignores leading whitespace). A new instance each
    /// call: CompareOptions is mutable.
    /// </summary>
    public static CompareOptions CompareOptions()
    {
        var similarity = SimilarityOptions.Renames;
        similarity.WhitespaceMode = WhitespaceMode.DontIgnoreWhitespace;
        return new CompareOptions { Similarity = similarity };
    }
}
