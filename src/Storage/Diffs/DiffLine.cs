namespace Saver.Storage.Diffs;

/// <summary>
/// One line of a <see cref="LineDiff"/>. <see cref="Text"/> has no line terminator. A
/// <see cref="DiffLineKind.Same"/> line carries the new text's bytes (as git prints context),
/// which can differ from the old line in end-of-line whitespace.
/// </summary>
/// <param name="Kind">Same, Deleted or Added.</param>
/// <param name="OldNumber">1-based line number in the old text; null for an added line.</param>
/// <param name="NewNumber">1-based line number in the new text; null for a deleted line.</param>
/// <param name="Text">The line without its "\n" (a "\r" before it is part of the text).</param>
/// <param name="Ending">The terminator <see cref="Text"/> had.</param>
public readonly record struct DiffLine(DiffLineKind Kind, int? OldNumber, int? NewNumber, string Text, LineEnding Ending)
{
    public static DiffLine Same(int oldNumber, int newNumber, string text, LineEnding ending = LineEnding.LineFeed) =>
        new(DiffLineKind.Same, oldNumber, newNumber, text, ending);

    public static DiffLine Deleted(int oldNumber, string text, LineEnding ending = LineEnding.LineFeed) =>
        new(DiffLineKind.Deleted, oldNumber, null, text, ending);

    public static DiffLine Added(int newNumber, string text, LineEnding ending = LineEnding.LineFeed) =>
        new(DiffLineKind.Added, null, newNumber, text, ending);
}
