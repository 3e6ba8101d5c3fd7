namespace Saver.Storage.Diffs;

/// <summary>How many lines git counts in a whole file, as a creation or deletion adds or removes them.</summary>
internal static class GitLineCount
{
    /// <summary>git's (and libgit2's) binary test looks for a NUL in this many leading bytes.</summary>
    private const int BinaryProbeLength = 8000;

    /// <summary>
    /// Every "\n" ends a line and a non-empty tail without one is a line too, so "x\n\n\n"
    /// is 3 and "a" is 1. Binary content counts 0, as in <c>git diff --shortstat</c>.
    /// </summary>
    public static int Of(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty || IsBinary(content)) return 0;
        var lines = content.Count((byte)'\n');
        return content[^1] == (byte)'\n' ? lines : lines + 1;
    }

    public static bool IsBinary(ReadOnlySpan<byte> content) =>
        content[..Math.Min(content.Length, BinaryProbeLength)].Contains((byte)0);
}
