namespace Saver.Storage.Diffs.Native;

/// <summary>
/// Receives what <see cref="BufferDiff"/> reports, in libgit2's order: the file, then each
/// hunk followed by its lines. Spans are valid only during the call.
/// </summary>
internal interface IBufferDiffSink
{
    /// <summary>Called once before any hunk; binary content has no hunks.</summary>
    void OnFile(bool isBinary);

    void OnHunk(int oldStart, int oldLineCount, int newStart, int newLineCount, ReadOnlySpan<byte> header);

    /// <param name="origin">' ', '+' or '-' (the end-of-file newline markers are filtered out).</param>
    /// <param name="oldNumber">1-based, or -1 for an added line.</param>
    /// <param name="newNumber">1-based, or -1 for a deleted line.</param>
    /// <param name="content">The line's bytes, with its "\n" when it has one.</param>
    void OnLine(byte origin, int oldNumber, int newNumber, ReadOnlySpan<byte> content);
}
