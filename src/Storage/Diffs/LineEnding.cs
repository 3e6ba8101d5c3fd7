namespace Saver.Storage.Diffs;

/// <summary>How a line ended in its text; kept so the exact bytes (and git's "\ No newline at end of file") can be rebuilt.</summary>
public enum LineEnding
{
    /// <summary>The last line of a text without a final newline.</summary>
    None,

    /// <summary>"\n" (a "\r" before it stays in the line's text, as the original's diff_lines keeps it).</summary>
    LineFeed,
}
