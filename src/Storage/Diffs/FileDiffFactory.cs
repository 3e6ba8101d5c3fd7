namespace Saver.Storage.Diffs;

/// <summary>Shapes line diffs and whole files into the API's <see cref="FileDiff"/> entries.</summary>
internal static class FileDiffFactory
{
    /// <summary>
    /// Context lines become "same" (new numbers); each run of changes becomes a section
    /// marker, its deleted lines (old numbers), then its added lines (new numbers).
    /// </summary>
    public static FileDiff FromLineDiff(FileDiffType type, string? oldFilename, string? newFilename, LineDiff diff)
    {
        var source = diff.Lines;
        var entries = new List<FileDiffLine>(source.Count + 4);
        var section = 0;
        var i = 0;
        while (i < source.Count)
        {
            for (; i < source.Count && source[i].Kind == DiffLineKind.Same; i++)
                entries.Add(new SameLine(source[i].Text, source[i].NewNumber!.Value));
            if (i == source.Count) break;

            entries.Add(new SectionMarker(section++));
            for (; i < source.Count && source[i].Kind == DiffLineKind.Deleted; i++)
                entries.Add(new DeletedLine(source[i].Text, source[i].OldNumber!.Value));
            for (; i < source.Count && source[i].Kind == DiffLineKind.Added; i++)
                entries.Add(new AddedLine(source[i].Text, source[i].NewNumber!.Value));
        }
        var counts = new LineCounts(diff.AddedCount, diff.DeletedCount, diff.SameCount);
        return new FileDiff(type, oldFilename, newFilename, counts, entries);
    }

    /// <summary>Every line of <paramref name="content"/> as "same" (see <see cref="ListedLines"/>).</summary>
    public static FileDiff AllSame(FileDiffType type, string oldFilename, string newFilename, string content)
    {
        var lines = ListedLines.Of(content);
        var entries = new FileDiffLine[lines.Count];
        for (var i = 0; i < lines.Count; i++) entries[i] = new SameLine(lines[i], i + 1);
        return new FileDiff(type, oldFilename, newFilename, new LineCounts(0, 0, lines.Count), entries);
    }
}
