using System.Text;
using Saver.Storage.Native;

namespace Saver.Storage.Diffs;

/// <summary>Builds a <see cref="LineDiff"/> from what libgit2 reports.</summary>
internal sealed class LineDiffCollector : IBufferDiffSink
{
    private readonly List<DiffHunk> _hunks = [];
    private List<DiffLine>? _lines;
    private bool _isBinary;

    // The next line numbers, counted from the hunk's start (see IBufferDiffSink.OnLine for why not libgit2's).
    private int _nextOld;
    private int _nextNew;

    public void OnFile(bool isBinary) => _isBinary = isBinary;

    public void OnHunk(int oldStart, int oldLineCount, int newStart, int newLineCount, ReadOnlySpan<byte> header)
    {
        _lines = [];
        // An empty side is written "-0,0": its next line, were there one, would be 1.
        _nextOld = oldLineCount == 0 ? oldStart + 1 : oldStart;
        _nextNew = newLineCount == 0 ? newStart + 1 : newStart;
        var text = Encoding.UTF8.GetString(header).TrimEnd('\n');
        _hunks.Add(new DiffHunk(oldStart, oldLineCount, newStart, newLineCount, text, _lines));
    }

    public void OnLine(byte origin, ReadOnlySpan<byte> content)
    {
        if (_lines is null) throw new InvalidOperationException("libgit2 reported a line before any hunk.");
        var text = LineText.Decode(content, out var ending);
        _lines.Add(origin switch
        {
            GitDiffLine.Context => DiffLine.Same(_nextOld++, _nextNew++, text, ending),
            GitDiffLine.Deletion => DiffLine.Deleted(_nextOld++, text, ending),
            GitDiffLine.Addition => DiffLine.Added(_nextNew++, text, ending),
            _ => throw new InvalidOperationException($"Unexpected diff line origin '{(char)origin}'."),
        });
    }

    public LineDiff ToLineDiff() => new(_isBinary, _hunks);
}
