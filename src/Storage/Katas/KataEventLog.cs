using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saver.Storage.Git;
using Saver.Storage.IO;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

/// <summary>
/// A format-2 kata's events.json in one state of its repository: its entries, the bytes this
/// version stores for it, and what a resend is looked up by. A log never changes: appending
/// makes a new one whose bytes are the old ones with the entry spliced in before the closing
/// bracket. The logs appended one from another share one buffer (<see cref="SharedAppendBuffer"/>),
/// each its own length of it and then the closing "\n]", so a write neither copies nor
/// allocates the whole history, only the entry. Entries are never handed out; callers get copies.
/// </summary>
public sealed class KataEventLog
{
    /// <summary>The memo key under which a repository state keeps its log (<see cref="RepositorySnapshot.Memo{T}"/>).</summary>
    public const string MemoKey = "events.json";

    public static readonly KataEventLog Empty = Whole([], "[]"u8.ToArray(), ImmutableDictionary<string, ImmutableList<int>>.Empty);

    /// <summary>How a log with entries ends, after the last one.</summary>
    private static readonly byte[] Closing = "\n]"u8.ToArray();

    private readonly ImmutableList<JsonNode?> _entries;
    private readonly ImmutableDictionary<string, ImmutableList<int>> _bySender;

    /// <summary>Holds the bytes up to the closing: the whole of them for a log with no entries, which ends in no closing of its own.</summary>
    private readonly SharedAppendBuffer _buffer;
    private readonly int _length;

    private KataEventLog(ImmutableList<JsonNode?> entries, SharedAppendBuffer buffer, int length,
        ImmutableDictionary<string, ImmutableList<int>> bySender)
    {
        _entries = entries;
        _buffer = buffer;
        _length = length;
        _bySender = bySender;
    }

    public int Count => _entries.Count;

    /// <summary>events.json as written here: <see cref="SaverJson.PrettyBytes"/> of the entries. Do not change it.</summary>
    public ObjectBytes Bytes => new(_buffer.Array, _length, Count == 0 ? [] : Closing);

    /// <summary>A log of <paramref name="entries"/> stored as <paramref name="bytes"/>, in this version's layout.</summary>
    private static KataEventLog Whole(ImmutableList<JsonNode?> entries, byte[] bytes, ImmutableDictionary<string, ImmutableList<int>> bySender)
    {
        if (entries.Count == 0) return new KataEventLog(entries, SharedAppendBuffer.Over(bytes, bytes.Length), bytes.Length, bySender);
        if (!bytes.AsSpan().EndsWith(Closing)) throw new InvalidOperationException("events.json as written here ends in \"\\n]\"");
        var length = bytes.Length - Closing.Length;
        return new KataEventLog(entries, SharedAppendBuffer.Over(bytes, length), length, bySender);
    }

    /// <summary>The last entry's index (its position when it has none); -1 when there are no entries.</summary>
    public int LastIndex => Count == 0 ? -1 : (_entries[^1] as JsonObject)?["index"]?.GetValue<int>() ?? Count - 1;

    /// <summary>The log stored as <paramref name="utf8"/> (an absent file is an empty log).</summary>
    /// <exception cref="SaverException">It is not a JSON array.</exception>
    public static KataEventLog Parse(ReadOnlySpan<byte> utf8)
    {
        JsonArray array;
        try
        {
            array = SaverJson.Parse(utf8) as JsonArray ?? throw new SaverException("kata events.json is not an array");
        }
        catch (JsonException e)
        {
            throw new SaverException($"kata events.json is not JSON: {e.Message}");
        }
        var entries = ImmutableList.CreateBuilder<JsonNode?>();
        var bySender = ImmutableDictionary.CreateBuilder<string, ImmutableList<int>>(StringComparer.Ordinal);
        foreach (var node in array)
        {
            // Detached copies (an entry belongs to no array, so it can be copied into any), read
            // in full now: a parsed node reads its JSON lazily, which is not safe on many threads.
            var entry = Materialized(node?.DeepClone());
            if (entry is JsonObject o)
            {
                var key = SenderKey(o["laptop_id"], o["tab_seq"], o["colour"]);
                bySender[key] = bySender.TryGetValue(key, out var positions) ? positions.Add(entries.Count) : [entries.Count];
            }
            entries.Add(entry);
        }
        // Re-written in this version's layout, as every write before this one did, so appends splice into the same bytes.
        return Whole(entries.ToImmutable(), SaverJson.PrettyBytes(array), bySender.ToImmutable());
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
        var copy = (JsonObject)Materialized(entry.DeepClone())!;
        // "[\n  {…}\n]": the entry as it is written inside the array, indentation and all.
        var alone = SaverJson.PrettyBytes(new JsonArray(entry.DeepClone()));
        // Up to the closing, that is the whole log of this one entry. After other entries, the
        // same bytes with "," in place of "[" are what goes between the last one and the closing.
        var added = alone.AsSpan(0, alone.Length - Closing.Length);
        SharedAppendBuffer buffer;
        if (Count == 0)
        {
            buffer = SharedAppendBuffer.Of(added);
        }
        else
        {
            alone[0] = (byte)',';
            buffer = _buffer.Append(_length, added);
        }
        var key = SenderKey(copy["laptop_id"], copy["tab_seq"], copy["colour"]);
        var positions = _bySender.TryGetValue(key, out var known) ? known.Add(Count) : [Count];
        return new KataEventLog(_entries.Add(copy), buffer, (Count == 0 ? 0 : _length) + added.Length, _bySender.SetItem(key, positions));
    }

    /// <summary>
    /// Whether an entry with this laptop_id, tab_seq and colour is here already (JSON equality,
    /// as <see cref="JsonNode.DeepEquals"/>): the same event sent again.
    /// </summary>
    public bool Contains(JsonNode? laptopId, JsonNode? tabSeq, JsonNode? colour)
    {
        if (!_bySender.TryGetValue(SenderKey(laptopId, tabSeq, colour), out var positions)) return false;
        // The key only narrows the search (numbers that differ may share one); equality decides.
        return positions.Any(p => _entries[p] is JsonObject entry &&
            JsonNode.DeepEquals(entry["laptop_id"], laptopId) &&
            JsonNode.DeepEquals(entry["tab_seq"], tabSeq) &&
            JsonNode.DeepEquals(entry["colour"], colour));
    }

    /// <summary>A copy of the entry at <paramref name="position"/> (an empty object for one that is not an object).</summary>
    public JsonObject EntryAt(int position) => _entries[position]?.DeepClone() as JsonObject ?? new JsonObject();

    /// <summary>A copy of every entry, as events.json holds them.</summary>
    public JsonArray ToJsonArray()
    {
        var array = new JsonArray();
        foreach (var entry in _entries) array.Add(entry?.DeepClone());
        return array;
    }

    private static JsonNode? Materialized(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, value) in o) Materialized(value);
                break;
            case JsonArray a:
                foreach (var item in a) Materialized(item);
                break;
        }
        return node;
    }

    /// <summary>
    /// A key equal for entries that <see cref="JsonNode.DeepEquals"/> could find equal: numbers
    /// by their value (1 and 1.0 alike), strings by their text, anything else together.
    /// </summary>
    private static string SenderKey(JsonNode? laptopId, JsonNode? tabSeq, JsonNode? colour) =>
        $"{Part(laptopId)}\u0001{Part(tabSeq)}\u0001{Part(colour)}";

    private static string Part(JsonNode? node) => node switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => "s:" + v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
            "n:" + (double.TryParse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d.ToString("R", CultureInfo.InvariantCulture) : "?"),
        JsonValue v => "v:" + v.GetValueKind(),
        _ => "complex",
    };
}
