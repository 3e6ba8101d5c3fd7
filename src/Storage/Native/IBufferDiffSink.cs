namespace Saver.Storage.Native;

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
    /// <param name="content">The line's bytes, with its "\n" when it has one.</param>
    /// <remarks>
    /// libgit2's own line numbers are not passed on: libgit2 (1.5 and 1.8 alike) advances them by the
    /// newlines in each reported line, so a context line without its newline (possible when
    /// end-of-line whitespace is ignored) and the "\ No newline" marker after it (two
    /// newlines) leave the old numbers that follow one too high. Number from the hunk instead.
    /// </remarks>
    void OnLine(byte origin, ReadOnlySpan<byte> content);
}
