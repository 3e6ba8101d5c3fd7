namespace Saver.Storage.Diffs;

/// <summary>
/// An entry of a file diff's "lines": a line of the file, or the marker that opens a change
/// region. A region is its <see cref="SectionMarker"/>, its <see cref="DeletedLine"/>s (old
/// numbers), then its <see cref="AddedLine"/>s (new numbers).
/// </summary>
public abstract record FileDiffLine
{
    private protected FileDiffLine()
    {
    }
}

/// <summary>{"type":"same","line","number"}: a line in both versions, numbered in the new one.</summary>
public sealed record SameLine(string Line, int Number) : FileDiffLine;

/// <summary>{"type":"section","index"}: opens change region <paramref name="Index"/> (0, 1, … per file).</summary>
public sealed record SectionMarker(int Index) : FileDiffLine;

/// <summary>{"type":"deleted","line","number"}: a line only in the old version, numbered there.</summary>
public sealed record DeletedLine(string Line, int Number) : FileDiffLine;

/// <summary>{"type":"added","line","number"}: a line only in the new version, numbered there.</summary>
public sealed record AddedLine(string Line, int Number) : FileDiffLine;
