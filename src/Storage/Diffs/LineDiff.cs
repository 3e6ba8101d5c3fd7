namespace Saver.Storage.Diffs;

/// <summary>
/// The line diff of two texts, as <c>git diff --ignore-space-at-eol</c> classifies it.
/// With full context (what <see cref="GitLineDiff"/> asks for) there is one hunk holding
/// every line, or none when the texts are equal up to end-of-line whitespace or are binary.
/// </summary>
public sealed class LineDiff
{
    public LineDiff(bool isBinary, IReadOnlyList<DiffHunk> hunks)
    {
        ArgumentNullException.ThrowIfNull(hunks);
        IsBinary = isBinary;
        Hunks = hunks;
        Lines = hunks.Count == 1 ? hunks[0].Lines : hunks.SelectMany(hunk => hunk.Lines).ToArray();
        foreach (var line in Lines)
        {
            switch (line.Kind)
            {
                case DiffLineKind.Same: SameCount++; break;
                case DiffLineKind.Deleted: DeletedCount++; break;
                case DiffLineKind.Added: AddedCount++; break;
            }
        }
    }

    /// <summary>True when git would say "Binary files differ" (a NUL in the first 8000 bytes of a side); there are then no hunks.</summary>
    public bool IsBinary { get; }

    public IReadOnlyList<DiffHunk> Hunks { get; }

    /// <summary>Every hunk's lines in git's order.</summary>
    public IReadOnlyList<DiffLine> Lines { get; }

    public int AddedCount { get; }

    public int DeletedCount { get; }

    public int SameCount { get; }
}
