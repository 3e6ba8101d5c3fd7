using System.Text.Json.Nodes;
using Saver.Storage.Katas;

namespace Saver.Storage.Migration;

/// <summary>
/// The commit message (after <c>"N "</c>) a format-2 kata would have for an old event
/// (docs/api.md §3.5), told from its entry alone: the old formats kept no record of which call
/// made it, only its summary.
/// </summary>
internal static class MigratedCommitMessage
{
    public static string For(JsonObject entry)
    {
        var colour = Text(entry["colour"]);
        switch (colour)
        {
            case "file_create": return $"created file {Text(entry["filename"])}";
            case "file_delete": return $"deleted file {Text(entry["filename"])}";
            case "file_edit": return $"edited file {Text(entry["filename"])}";
            case "file_rename": return $"renamed file {Text(entry["old_filename"])} to {Text(entry["new_filename"])}";
        }
        var kind = entry["revert"] is JsonArray { Count: >= 2 } ? TestEventKind.Reverted
            : entry["checkout"] is not null ? TestEventKind.CheckedOut
            : Text(entry["predicted"]) is "" or "none" ? TestEventKind.RanTests
            : TestEventKind.PredictedRight;
        return KataService.TestEventMessage(kind, entry);
    }

    private static string Text(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? "";
}
