using System.Text.Json.Nodes;

namespace Saver.Storage.Katas.Legacy;

/// <summary>
/// Format 0 kept every text (a file's content, stdout, stderr) as the array of its lines,
/// each with its own "\n"; joining them gives the text back (<c>[""]</c> is empty).
/// </summary>
public static class LinedText
{
    /// <summary>The text of lined content; content that is already plain text is taken as it is.</summary>
    public static string Join(JsonNode? content, string what) => content switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        JsonArray lines => string.Concat(lines.Select(line =>
            line is JsonValue v && v.TryGetValue<string>(out var text)
                ? text
                : throw new SaverException($"{what} has a line that is not text"))),
        _ => throw new SaverException($"{what} is neither text nor an array of lines"),
    };
}
