using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saver.Storage.Git;
using Saver.Storage.IO;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

/// <summary>
/// A format-2 kata's events.json in one state of its repository: the bytes this version stores
/// for it, where each entry lies in them, and what a resend is looked up by. A log never
/// changes: appending makes a new one whose bytes are the old ones with the entry spliced in
/// before the closing bracket. The logs appended one from another share one buffer
/// (<see cref="SharedAppendBuffer"/>), each its own length of it and then the closing "\n]", so
/// a write neither copies nor allocates the whole history, only the entry. Entries are kept as
/// their bytes, not as JSON nodes (a long kata's nodes came to megabytes, held as long as the
/// kata is cached): each caller gets its own copy, parsed from them.
/// </summary>
public sealed class KataEventLog
{
    /// <summary>The memo key under which a repository state keeps its log (<see cref="RepositorySnapshot.Memo{T}"/>).</summary>
    public const string MemoKey = "events.json";

    public static readonly KataEventLog Empty = Whole("[]"u8.ToArray(), [], ImmutableDictionary<int, ImmutableList<int>>.Empty);

    /// <summary>How a log with entries ends, after the last one.</summary>
    private static readonly byte[] Closing = "\n]"u8.ToArray();

    private static readonly JsonReaderOptions ReadOptions = new() { MaxDepth = 256 };

    /// <summary>Holds the bytes up to the closing: the whole of them for a log with no entries, which ends in no closing of its own.</summary>
    private readonly SharedAppendBuffer _buffer;
    private readonly int _length;

    /// <summary>Where each entry's JSON lies in the buffer.</summary>
    private readonly ImmutableList<(int Start, int Length)> _entries;

    /// <summary>The positions of the entries by the hash of their sender key (<see cref="SenderKey"/>).</summary>
    private readonly ImmutableDictionary<int, ImmutableList<int>> _bySender;

    private KataEventLog(SharedAppendBuffer buffer, int length, ImmutableList<(int Start, int Length)> entries,
        ImmutableDictionary<int, ImmutableList<int>> bySender)
    {
        _buffer = buffer;
        _length = length;
        _entries = entries;
        _bySender = bySender;
    }

    public int Count => _entries.Count;

    /// <summary>events.json as written here: <see cref="SaverJson.PrettyBytes"/> of the entries. Do not change it.</summary>
    public ObjectBytes Bytes => new(_buffer.Array, _length, Count == 0 ? [] : Closing);

    /// <summary>A log stored as <paramref name="bytes"/>, in this version's layout, with its entries where they lie in them.</summary>
    private static KataEventLog Whole(byte[] bytes, ImmutableList<(int Start, int Length)> entries, ImmutableDictionary<int, ImmutableList<int>> bySender)
    {
        if (entries.Count == 0) return new KataEventLog(SharedAppendBuffer.Over(bytes, bytes.Length), bytes.Length, entries, bySender);
        if (!bytes.AsSpan().EndsWith(Closing)) throw new InvalidOperationException("events.json as written here ends in \"\\n]\"");
        var length = bytes.Length - Closing.Length;
        return new KataEventLog(SharedAppendBuffer.Over(bytes, length), length, entries, bySender);
    }

    /// <summary>The last entry's index (its position when it has none); -1 when there are no entries.</summary>
    public int LastIndex => Count == 0 ? -1 : (Entry(Count - 1) as JsonObject)?["index"]?.GetValue<int>() ?? Count - 1;

    /// <summary>The log stored as <paramref name="utf8"/> (an absent file is an empty log).</summary>
    /// <exception cref="SaverException">It is not a JSON array.</exception>
    public static KataEventLog Parse(ReadOnlySpan<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = SaverJson.ParseDocument(utf8.ToArray());
        }
        catch (JsonException e)
        {
            throw new SaverException($"kata events.json is not JSON: {e.Message}");
        }
        using (document)
        {
            var array = document.RootElement;
            if (array.ValueKind != JsonValueKind.Array) throw new SaverException("kata events.json is not an array");
            var bySender = ImmutableDictionary.CreateBuilder<int, ImmutableList<int>>();
            var position = 0;
            foreach (var entry in array.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object)
                {
                    var key = SenderKey(Part(entry, "laptop_id"), Part(entry, "tab_seq"), Part(entry, "colour"));
                    bySender[key] = bySender.TryGetValue(key, out var positions) ? positions.Add(position) : [position];
                }
                position++;
            }
            // Re-written in this version's layout, as every write before this one did, so appends splice into the same bytes.
            var bytes = SaverJson.PrettyBytes(array);
            return Whole(bytes, EntriesIn(bytes), bySender.ToImmutable());
        }
    }

    /// <summary>Where each element of the JSON array <paramref name="bytes"/> lies in them.</summary>
    private static ImmutableList<(int Start, int Length)> EntriesIn(byte[] bytes)
    {
        var entries = ImmutableList.CreateBuilder<(int Start, int Length)>();
        var reader = new Utf8JsonReader(bytes, ReadOptions);
        reader.Read(); // [
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var start = (int)reader.TokenStartIndex;
            reader.Skip();
            entries.Add((start, (int)reader.BytesConsumed - start));
        }
        return entries.ToImmutable();
    }

    /// <summary>The log of a state of a kata's repository, read once per state.</summary>
    public static KataEventLog Of(RepositorySnapshot snapshot) =>
        snapshot.Memo(MemoKey, s =>
        {
            using var repo = s.Open();
            return Read(s.Head(repo));
        });

    /// <summary>The log of the state an edit starts from.</summary>
    public static KataEventLog Of(RepositoryEdit edit) => edit.StartMemo(MemoKey, () => Read(edit.Head));

    private static KataEventLog Read(LibGit2Sharp.Commit head) =>
        KataGit.ReadBytes(head.Tree, KataTree.Events) is { } bytes ? Parse(bytes) : Empty;

    /// <summary>A log of the entries given (each copied), in order.</summary>
    public static KataEventLog From(IEnumerable<JsonObject> entries) =>
        entries.Aggregate(Empty, (log, entry) => log.Append(entry));

    /// <summary>A new log: this one with a copy of <paramref name="entry"/> at the end.</summary>
    public KataEventLog Append(JsonObject entry)
    {
        // "[\n  {…}\n]": the entry as it is written inside the array, indentation and all.
        var alone = SaverJson.PrettyBytes(new JsonArray(entry.DeepClone()));
        // Up to the closing, that is the whole log of this one entry. After other entries, the
        // same bytes with "," in place of "[" are what goes between the last one and the closing.
        var added = alone.AsSpan(0, alone.Length - Closing.Length);
        var at = added.IndexOfAnyExcept("[\n "u8);
        SharedAppendBuffer buffer;
        int from;
        if (Count == 0)
        {
            buffer = SharedAppendBuffer.Of(added);
            from = 0;
        }
        else
        {
            alone[0] = (byte)',';
            buffer = _buffer.Append(_length, added);
            from = _length;
        }
        var key = SenderKey(entry["laptop_id"], entry["tab_seq"], entry["colour"]);
        var positions = _bySender.TryGetValue(key, out var known) ? known.Add(Count) : [Count];
        return new KataEventLog(buffer, from + added.Length, _entries.Add((from + at, added.Length - at)), _bySender.SetItem(key, positions));
    }

    /// <summary>
    /// Whether an entry with this laptop_id, tab_seq and colour is here already (JSON equality,
    /// as <see cref="JsonNode.DeepEquals"/>): the same event sent again.
    /// </summary>
    public bool Contains(JsonNode? laptopId, JsonNode? tabSeq, JsonNode? colour)
    {
        if (!_bySender.TryGetValue(SenderKey(laptopId, tabSeq, colour), out var positions)) return false;
        // The key only narrows the search (numbers that differ may share one, as may keys whose hashes do); equality decides.
        return positions.Any(p => Entry(p) is JsonObject entry &&
            JsonNode.DeepEquals(entry["laptop_id"], laptopId) &&
            JsonNode.DeepEquals(entry["tab_seq"], tabSeq) &&
            JsonNode.DeepEquals(entry["colour"], colour));
    }

    /// <summary>A copy of the entry at <paramref name="position"/> (an empty object for one that is not an object).</summary>
    public JsonObject EntryAt(int position) => Entry(position) as JsonObject ?? new JsonObject();

    /// <summary>A copy of every entry, as events.json holds them.</summary>
    /// <remarks>Parsed at once from the whole: entry by entry, each parse's own set-up costs more than the entry.</remarks>
    public JsonArray ToJsonArray() => (JsonArray)SaverJson.Parse(Bytes.ToArray())!;

    /// <summary>The entry at <paramref name="position"/>, parsed afresh from its bytes.</summary>
    private JsonNode? Entry(int position)
    {
        var (start, length) = _entries[position];
        return SaverJson.Parse(_buffer.Array.AsSpan(start, length));
    }

    /// <summary>
    /// The hash of a key equal for entries that <see cref="JsonNode.DeepEquals"/> could find
    /// equal: numbers by their value (1 and 1.0 alike), strings by their text, anything else together.
    /// </summary>
    private static int SenderKey(JsonNode? laptopId, JsonNode? tabSeq, JsonNode? colour) =>
        SenderKey(Part(laptopId), Part(tabSeq), Part(colour));

    private static int SenderKey(string laptopId, string tabSeq, string colour) =>
        StringComparer.Ordinal.GetHashCode($"{laptopId}\u0001{tabSeq}\u0001{colour}");

    private static string Part(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "s:" + v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => Number(v.ToJsonString()),
        JsonValue v => "v:" + v.GetValueKind(),
        _ => "complex",
    };

    /// <summary>As <see cref="Part(JsonNode?)"/> of the entry's property, read from a parsed document (absent and null alike, as a node has them).</summary>
    private static string Part(JsonElement entry, string property) =>
        !entry.TryGetProperty(property, out var value) ? "null" : value.ValueKind switch
        {
            JsonValueKind.Null => "null",
            JsonValueKind.String => "s:" + value.GetString(),
            JsonValueKind.Number => Number(value.GetRawText()),
            JsonValueKind.Object or JsonValueKind.Array => "complex",
            var kind => "v:" + kind,
        };

    private static string Number(string json) =>
        "n:" + (double.TryParse(json, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString("R", CultureInfo.InvariantCulture) : "?");
}
