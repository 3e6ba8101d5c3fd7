using System.Text.Json;
using System.Text.Json.Nodes;
using Saver.Storage.Json;

namespace Saver.Storage.Katas.Legacy;

/// <summary>
/// The events.json of a format 0 or 1 kata (docs/api.md §7), parsed into the entries kata_events
/// starts from, and the lookup of an entry by the index a client sends.
/// </summary>
public static class LegacyEventLog
{
    // Ruby's JSON parser tolerates what these options allow; the files were written by hand-rolled appends.
    private static readonly JsonDocumentOptions Tolerant = new() { AllowTrailingCommas = true, MaxDepth = 256 };

    /// <summary>
    /// The entries, each given its <c>index</c> (format 0: its line number), <c>event:"created"</c>
    /// on entry 0, and <c>predicted:"none"</c> on later entries that have none.
    /// </summary>
    public static JsonArray Parse(int version, string text, string what)
    {
        JsonArray entries;
        try
        {
            entries = version == 0 ? ParseLines(text, what) : ParseJoined(text, what);
        }
        catch (JsonException e)
        {
            throw new SaverException($"{what} is not the JSON of format {version}: {e.Message}", e);
        }
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] as JsonObject ?? throw new SaverException($"{what} entry {i} is not an object");
            if (entry["index"] is null) entry["index"] = i;
            if (i == 0) entry["event"] ??= "created";
            else entry["predicted"] ??= "none";
        }
        return entries;
    }

    /// <summary>Format 0: one compact object a line, the line number being its index.</summary>
    private static JsonArray ParseLines(string text, string what)
    {
        var entries = new JsonArray();
        foreach (var line in text.Split('\n'))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            entries.Add(JsonNode.Parse(line, documentOptions: Tolerant) ?? throw new SaverException($"{what} has a null line"));
        }
        return entries;
    }

    /// <summary>Format 1: objects joined by ",\n", each with its own index; outages may leave gaps.</summary>
    private static JsonArray ParseJoined(string text, string what) =>
        JsonNode.Parse("[" + text + "]", documentOptions: Tolerant) as JsonArray
        ?? throw new SaverException($"{what} is not a list of objects");

    /// <summary>An entry's own index.</summary>
    public static long IndexOf(JsonObject entry) => RubyValues.ToI(entry["index"]);

    /// <summary>
    /// The entry <paramref name="index"/> names, with format 2's errors: a negative index
    /// counts back from the last entry; any other must be some entry's own index (format 1
    /// can have gaps, which name no event).
    /// </summary>
    public static JsonObject Find(JsonArray entries, long index)
    {
        if (index < 0) return (JsonObject)entries[EventPosition.Resolve(index, entries.Count)]!;
        foreach (var node in entries)
            if (node is JsonObject entry && IndexOf(entry) == index) return entry;
        throw new SaverException($"Invalid +ve index {index} [{EventPosition.Plural(entries.Count)}]");
    }
}
