using Saver.Storage.Native;

namespace Saver.Storage.Diffs;

/// <summary>Counts added and deleted lines without keeping them: the diff counts run on every saved event.</summary>
internal sealed class ChangeTally : IBufferDiffSink
{
    public int Added { get; private set; }

    public int Deleted { get; private set; }

    public void OnFile(bool isBinary)
    {
    }

    public void OnHunk(int oldStart, int oldLineCount, int newStart, int newLineCount, ReadOnlySpan<byte> header)
    {
    }

    public void OnLine(byte origin, ReadOnlySpan<byte> content)
    {
        if (origin == GitDiffLine.Addition) Added++;
        else if (origin == GitDiffLine.Deletion) Deleted++;
    }
}
