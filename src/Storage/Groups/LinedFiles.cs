using System.Text;
using System.Text.Json.Nodes;

namespace Saver.Storage.Groups;

/// <summary>
/// Format 0 kept each file's content as an array of its lines, each with its "\n" (docs/api.md §7).
/// Reads give the content as one string, as every later format keeps it.
/// </summary>
public static class LinedFiles
{
    /// <summary>Joins every lined <c>content</c> of a visible_files object, in place.</summary>
    public static void Unline(JsonNode? visibleFiles)
    {
        if (visibleFiles is not JsonObject files) return;
        foreach (var (_, file) in files)
        {
            if (file is JsonObject { } entry && entry["content"] is JsonArray lines)
                entry["content"] = Join(lines);
        }
    }

    private static string Join(JsonArray lines)
    {
        var content = new StringBuilder();
        foreach (var line in lines)
        {
            if (line is not JsonValue value || !value.TryGetValue<string>(out var text))
                throw new SaverException("a lined file content holds something that is not a line of text");
            content.Append(text);
        }
        return content.ToString();
    }
}
