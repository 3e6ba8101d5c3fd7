using System.Text.Json.Nodes;

namespace Saver.Storage.Diffs;

/// <summary>Renders <see cref="FileDiff"/> lists as the API returns them, keys in the API's order.</summary>
public static class FileDiffJson
{
    /// <summary>diff_lines: <c>[{"type","old_filename","new_filename","line_counts":{"added","deleted","same"},"lines":[…]}]</c>.</summary>
    public static JsonArray ForDiffLines(IEnumerable<FileDiff> diffs) => Render(diffs, includeLines: true);

    /// <summary>diff_summary: as <see cref="ForDiffLines"/> without "lines".</summary>
    public static JsonArray ForDiffSummary(IEnumerable<FileDiff> diffs) => Render(diffs, includeLines: false);

    /// <summary>The API's name for a <see cref="FileDiffType"/>.</summary>
    public static string TypeName(FileDiffType type) => type switch
    {
        FileDiffType.Created => "created",
        FileDiffType.Deleted => "deleted",
        FileDiffType.Renamed => "renamed",
        FileDiffType.Changed => "changed",
        FileDiffType.Unchanged => "unchanged",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    private static JsonArray Render(IEnumerable<FileDiff> diffs, bool includeLines)
    {
        ArgumentNullException.ThrowIfNull(diffs);
        var array = new JsonArray();
        foreach (var diff in diffs) array.Add(Render(diff, includeLines));
        return array;
    }

    private static JsonObject Render(FileDiff diff, bool includeLines)
    {
        var json = new JsonObject
        {
            ["type"] = TypeName(diff.Type),
            ["old_filename"] = diff.OldFilename,
            ["new_filename"] = diff.NewFilename,
            ["line_counts"] = new JsonObject
            {
                ["added"] = diff.LineCounts.Added,
                ["deleted"] = diff.LineCounts.Deleted,
                ["same"] = diff.LineCounts.Same,
            },
        };
        if (includeLines)
        {
            var lines = new JsonArray();
            foreach (var line in diff.Lines) lines.Add(Render(line));
            json["lines"] = lines;
        }
        return json;
    }

    private static JsonObject Render(FileDiffLine line) => line switch
    {
        SameLine same => Line("same", same.Line, same.Number),
        SectionMarker section => new JsonObject { ["type"] = "section", ["index"] = section.Index },
        DeletedLine deleted => Line("deleted", deleted.Line, deleted.Number),
        AddedLine added => Line("added", added.Line, added.Number),
        _ => throw new ArgumentOutOfRangeException(nameof(line), line, null),
    };

    private static JsonObject Line(string type, string text, int number) =>
        new() { ["type"] = type, ["line"] = text, ["number"] = number };
}
