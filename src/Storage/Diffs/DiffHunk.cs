namespace Saver.Storage.Diffs;

/// <summary>
/// A hunk as git prints it: <c>@@ -OldStart,OldLineCount +NewStart,NewLineCount @@ Header</c>
/// followed by <see cref="Lines"/> (' ' same, '-' deleted, '+' added, and
/// "\ No newline at end of file" after a line whose <see cref="DiffLine.Ending"/> is None).
/// </summary>
/// <param name="Header">libgit2's header line without its newline, e.g. "@@ -1,2 +1,3 @@".</param>
public sealed record DiffHunk(int OldStart, int OldLineCount, int NewStart, int NewLineCount, string Header, IReadOnlyList<DiffLine> Lines);
