namespace Saver.Storage.Diffs.Renames;

/// <summary>
/// git's similarity score for rename detection (diffcore-delta.c and estimate_similarity in
/// diffcore-rename.c, git 2.39): the bytes of the destination that come from the source,
/// counted in spans that end at a newline or after 64 bytes, over the larger file's size.
/// libgit2 scores with a different, line-based signature, which pairs files differently
/// near the 50% threshold; git's score is reproduced here so the pairing matches git's.
/// </summary>
internal static class GitSimilarity
{
    /// <summary>git's MAX_SCORE: a score of 60000 is 100%.</summary>
    public const int MaxScore = 60000;

    /// <summary>git's DEFAULT_RENAME_SCORE, -M's 50%.</summary>
    public const int DefaultMinimumScore = 30000;

    private const uint HashBase = 107927;
    private const int MaxSpan = 64;

    /// <summary>
    /// The score of <paramref name="source"/> → <paramref name="destination"/>, 0 when their
    /// sizes differ too much for <paramref name="minimumScore"/> to be reachable (git skips those).
    /// </summary>
    public static int Estimate(RenameCandidate source, RenameCandidate destination, int minimumScore)
    {
        long sourceSize = source.Content.Length, destinationSize = destination.Content.Length;
        var maxSize = Math.Max(sourceSize, destinationSize);
        var delta = maxSize - Math.Min(sourceSize, destinationSize);
        if (maxSize * (MaxScore - minimumScore) < delta * MaxScore) return 0;
        if (destinationSize == 0) return 0;

        return (int)(Copied(source.Spans, destination.Spans) * MaxScore / maxSize);
    }

    /// <summary>diffcore-delta's hash_chars: byte count per span hash ("\r" of a "\r\n" skipped in text).</summary>
    public static Dictionary<uint, long> HashSpans(ReadOnlySpan<byte> content)
    {
        var isText = !GitLineCount.IsBinary(content);
        var spans = new Dictionary<uint, long>();
        uint accum1 = 0, accum2 = 0;
        var length = 0;
        for (var i = 0; i < content.Length; i++)
        {
            uint c = content[i];
            if (isText && c == '\r' && i + 1 < content.Length && content[i + 1] == '\n') continue;

            unchecked
            {
                var previous1 = accum1;
                accum1 = (accum1 << 7) ^ (accum2 >> 25);
                accum2 = (accum2 << 7) ^ (previous1 >> 25);
                accum1 += c;
            }
            if (++length < MaxSpan && c != '\n') continue;

            Add(spans, Hash(accum1, accum2), length);
            length = 0;
            accum1 = accum2 = 0;
        }
        // git drops a last span that neither reached 64 bytes nor ended in a newline, so a
        // final line without its newline never counts as copied.
        return spans;
    }

    private static uint Hash(uint accum1, uint accum2) => unchecked(accum1 + accum2 * 0x61u) % HashBase;

    private static void Add(Dictionary<uint, long> spans, uint hash, int length) =>
        spans[hash] = spans.GetValueOrDefault(hash) + length;

    // diffcore_count_changes' src_copied: per span hash, what the destination has of the source's bytes.
    private static long Copied(Dictionary<uint, long> source, Dictionary<uint, long> destination)
    {
        long copied = 0;
        foreach (var (hash, count) in source)
            copied += Math.Min(count, destination.GetValueOrDefault(hash));
        return copied;
    }
}
