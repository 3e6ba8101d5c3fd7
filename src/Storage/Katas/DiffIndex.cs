using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

/// <summary>
/// The was_index and now_index of diff_lines and diff_summary (docs/api.md §3.7): unlike kata_event's
/// index they are not counted from the end and not converted from text, so only a JSON
/// integer from 0 to the last event's index names an event.
/// </summary>
public static class DiffIndex
{
    /// <summary>The event <paramref name="index"/> names among <paramref name="count"/> events; 500 otherwise.</summary>
    /// <param name="argument">The argument's name, for the message.</param>
    public static int Resolve(string argument, JsonNode? index, int count)
    {
        if (index is not JsonValue value || value.GetValueKind() != JsonValueKind.Number)
            throw NotAnIndex(argument, index);
        // The JSON text, because an integer too large for long is still an integer the client meant.
        var text = value.ToJsonString();
        if (!text.All(char.IsAsciiDigit)) throw NotAnIndex(argument, index);
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var position) || position >= count)
            throw new SaverException($"Invalid +ve index {text} [{EventPosition.Plural(count)}]");
        return position;
    }

    private static SaverException NotAnIndex(string argument, JsonNode? index) =>
        new($"{argument} must be an integer >= 0, not {SaverJson.Compact(index)}");
}
