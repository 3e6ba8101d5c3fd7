namespace Saver.Storage.Diffs;

/// <summary>One file's entry in diff_lines / diff_summary (saver API §3.7).</summary>
/// <param name="Type">created, deleted, renamed, changed or unchanged.</param>
/// <param name="OldFilename">The path in the old set; null when created.</param>
/// <param name="NewFilename">The path in the new set; null when deleted.</param>
/// <param name="LineCounts">How many entries of <paramref name="Lines"/> are added, deleted and same.</param>
/// <param name="Lines">The file's lines and section markers (diff_summary leaves them out).</param>
public sealed record FileDiff(
    FileDiffType Type,
    string? OldFilename,
    string? NewFilename,
    LineCounts LineCounts,
    IReadOnlyList<FileDiffLine> Lines)
{
    /// <summary>The path git lists the entry under: the new one, or the old one for a deletion.</summary>
    public string Path => NewFilename ?? OldFilename ?? string.Empty;
}
