using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

/// <summary>
/// kata_events' answer: events.json with entry 0 marked as the creation and major/minor
/// indexes on every entry (<see cref="EventIndexes"/>). Written straight from events.json's
/// bytes, compact, with one parse into a document and one pass of writing: building it from
/// JSON nodes made a tree of the whole history, most of a cold instance's first read of a long
/// kata and of any first read of a kata after a save.
/// </summary>
public static class KataEventsAnswer
{
    private static readonly byte[] Colour = "colour"u8.ToArray();
    private static readonly byte[] DiffAddedCount = "diff_added_count"u8.ToArray();
    private static readonly byte[] DiffDeletedCount = "diff_deleted_count"u8.ToArray();
    private static readonly byte[] MajorIndex = "major_index"u8.ToArray();
    private static readonly byte[] MinorIndex = "minor_index"u8.ToArray();
    private static readonly byte[] Event = "event"u8.ToArray();

    /// <summary>The properties read or set here, each a bit of a mask.</summary>
    private static readonly byte[][] Known = [Colour, DiffAddedCount, DiffDeletedCount, MajorIndex, MinorIndex, Event];

    /// <summary>The answer as JSON nodes, each entry a copy.</summary>
    public static JsonArray Nodes(KataEventLog log)
    {
        var events = log.ToJsonArray();
        if (events.Count > 0 && events[0] is JsonObject first)
        {
            first["colour"] = "create";
            first["diff_added_count"] = 0;
            first["diff_deleted_count"] = 0;
        }
        EventIndexes.Add(events);
        return events;
    }

    /// <summary>
    /// The answer, byte for byte as <see cref="SaverJson.CompactBytes"/> of <see cref="Nodes"/>
    /// for every log whose entries name no property twice (JSON nodes refuse those). Null for a
    /// log with an entry that names one of the properties read or set here twice: it is left to
    /// the nodes, as it always was.
    /// </summary>
    public static byte[]? Write(KataEventLog log)
    {
        using var document = SaverJson.ParseDocument(log.Bytes.ToArray());
        var output = new ArrayBufferWriter<byte>(log.Bytes.Length);
        using (var writer = SaverJson.CompactWriter(output))
        {
            writer.WriteStartArray();
            int position = 0, major = 0, minor = 0;
            foreach (var entry in document.RootElement.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    entry.WriteTo(writer);
                    position++;
                    continue;
                }
                if (!TryRead(entry, out var isLight)) return null;
                if (position > 0)
                {
                    if (isLight) (major, minor) = (major + 1, 0);
                    else minor++;
                }
                WriteEntry(writer, entry, position == 0, major, minor);
                position++;
            }
            writer.WriteEndArray();
        }
        return output.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Whether the entry is a light (<see cref="EventIndexes"/>: neither a file event nor an
    /// outage); false when a property read or set here is named twice.
    /// </summary>
    private static bool TryRead(JsonElement entry, out bool isLight)
    {
        string? colour = null, eventKind = null;
        var seen = 0;
        foreach (var property in entry.EnumerateObject())
        {
            var known = KnownIndex(property);
            if (known < 0) continue;
            if ((seen & (1 << known)) != 0)
            {
                isLight = false;
                return false;
            }
            seen |= 1 << known;
            if (property.Value.ValueKind != JsonValueKind.String) continue;
            if (Known[known] == Colour) colour = property.Value.GetString();
            if (Known[known] == Event) eventKind = property.Value.GetString();
        }
        isLight = EventIndexes.IsLight(colour, eventKind);
        return true;
    }

    private static int KnownIndex(JsonProperty property)
    {
        for (var at = 0; at < Known.Length; at++)
            if (property.NameEquals(Known[at])) return at;
        return -1;
    }

    /// <summary>
    /// The entry with the properties the answer sets: each set where the entry has it, else
    /// added after its own in the order they are set (as setting a JSON node's property does).
    /// </summary>
    private static void WriteEntry(Utf8JsonWriter writer, JsonElement entry, bool isCreation, int major, int minor)
    {
        Span<(byte[] Name, string? Text, int Number)> set = isCreation
            ? [(Colour, "create", 0), (DiffAddedCount, null, 0), (DiffDeletedCount, null, 0), (MajorIndex, null, major), (MinorIndex, null, minor)]
            : [(MajorIndex, null, major), (MinorIndex, null, minor)];
        var written = 0;
        writer.WriteStartObject();
        foreach (var property in entry.EnumerateObject())
        {
            var at = IndexOf(set, property);
            if (at < 0)
            {
                property.WriteTo(writer);
                continue;
            }
            Write(writer, set[at]);
            written |= 1 << at;
        }
        for (var at = 0; at < set.Length; at++)
            if ((written & (1 << at)) == 0) Write(writer, set[at]);
        writer.WriteEndObject();
    }

    private static int IndexOf(Span<(byte[] Name, string? Text, int Number)> set, JsonProperty property)
    {
        for (var at = 0; at < set.Length; at++)
            if (property.NameEquals(set[at].Name)) return at;
        return -1;
    }

    private static void Write(Utf8JsonWriter writer, (byte[] Name, string? Text, int Number) property)
    {
        if (property.Text is { } text) writer.WriteString(property.Name, text);
        else writer.WriteNumber(property.Name, property.Number);
    }
}
