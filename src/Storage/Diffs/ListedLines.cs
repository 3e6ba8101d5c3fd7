namespace Saver.Storage.Diffs;

/// <summary>
/// The lines of a file listed whole (an unchanged file or an identical rename), as the
/// original saver listed them: the content split on "\n" with trailing empty pieces dropped,
/// so "x\n\n\n" is one line (git would count three). As in diffed lines, a "\r" before a
/// "\n" stays in the line's text.
/// </summary>
internal static class ListedLines
{
    public static IReadOnlyList<string> Of(string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var pieces = content.Split('\n');
        var kept = pieces.Length;
        while (kept > 0 && pieces[kept - 1].Length == 0) kept--;

        return pieces[..kept];
    }
}
