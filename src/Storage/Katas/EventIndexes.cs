using System.Text.Json.Nodes;

namespace Saver.Storage.Katas;

/// <summary>
/// The major.minor numbering of events (docs/api.md §4.4): every light (any entry after the first
/// whose colour is not a file_* one) starts a new major index; other entries count minor
/// indexes after it. An outage entry (docs/api.md §6) stands for an event that was never saved and
/// has no colour, so it is not a light: it counts as a minor index, as a file event does.
/// </summary>
public static class EventIndexes
{
    public static bool IsFileEvent(JsonNode? entry) => entry is JsonObject o && IsFileColour(Text(o["colour"]));

    /// <summary>A <c>{"index":n,"event":"outage"}</c> entry, back-filled by a classic write (docs/api.md §6).</summary>
    public static bool IsOutage(JsonNode? entry) => entry is JsonObject o && IsOutageEvent(Text(o["event"]));

    /// <summary>A light: an entry that is neither a file event nor an outage.</summary>
    public static bool IsLight(JsonNode? entry) => !(IsFileEvent(entry) || IsOutage(entry));

    /// <summary>As <see cref="IsLight(JsonNode?)"/>, from the entry's colour and event, each when it is a string (else null).</summary>
    public static bool IsLight(string? colour, string? eventKind) => !(IsFileColour(colour) || IsOutageEvent(eventKind));

    private static bool IsFileColour(string? colour) => colour is not null && colour.StartsWith("file_", StringComparison.Ordinal);

    private static bool IsOutageEvent(string? eventKind) => eventKind == "outage";

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Adds major_index and minor_index to every entry, in place.</summary>
    public static void Add(JsonArray events)
    {
        int major = 0, minor = 0;
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is not JsonObject entry) continue;
            if (i > 0)
            {
                if (IsLight(entry)) { major++; minor = 0; }
                else minor++;
            }
            entry["major_index"] = major;
            entry["minor_index"] = minor;
        }
    }
}
