using System.Globalization;
using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Json;

namespace Saver.Storage.Katas.Legacy;

/// <summary>
/// A kata in format 0 or 1 (docs/api.md §7): the original's plain files, imported as blobs at their
/// paths under the kata's prefix, and only ever read. The manifest and events.json are read
/// when it is opened; each event's file when asked for.
/// </summary>
public sealed class LegacyKata : IKataReader
{
    private readonly IBlobStore _blobs;
    private readonly EntityId _id;
    private readonly JsonObject _manifest;
    private readonly JsonArray _events;

    /// <param name="manifest">manifest.json as stored.</param>
    /// <param name="events">events.json as <see cref="LegacyEventLog.Parse"/> gives it.</param>
    internal LegacyKata(IBlobStore blobs, EntityId id, int version, JsonObject manifest, JsonArray events)
    {
        if (version is not (0 or 1)) throw new ArgumentOutOfRangeException(nameof(version), version, "formats 0 and 1 only");
        _blobs = blobs;
        _id = id;
        Version = version;
        _manifest = manifest;
        _events = events;
    }

    public int Version { get; }

    /// <summary>The manifest with its visible_files (format 0: the files of event 0), the defaults, and the options.</summary>
    public async Task<JsonObject> ManifestAsync(CancellationToken cancellationToken)
    {
        var manifest = (JsonObject)_manifest.DeepClone();
        if (Version == 0)
            manifest["visible_files"] = Format2Katas.FilesObject(await FilesAtAsync(0, cancellationToken).ConfigureAwait(false));
        ManifestDefaults.Fill(manifest);
        var values = await Task.WhenAll(KataOptions.Defaults.Select(o => OptionValueAsync(o.Name, o.Default, cancellationToken)))
            .ConfigureAwait(false);
        for (var i = 0; i < values.Length; i++) manifest[KataOptions.Defaults[i].Name] = values[i];
        return manifest;
    }

    public Task<JsonArray> EventsAsync(CancellationToken cancellationToken)
    {
        var events = (JsonArray)_events.DeepClone();
        // The original marks event 0 as the creation, and (unlike format 2) gives it no diff counts.
        if (events.Count > 0 && events[0] is JsonObject first) first["colour"] = "create";
        EventIndexes.Add(events);
        return Task.FromResult(events);
    }

    /// <summary>
    /// The event's file, un-lined (format 0) or without the per-file "truncated" (format 1),
    /// its status as text, and what events.json knows of it that the file lacks.
    /// </summary>
    public async Task<JsonObject> EventAsync(long index, CancellationToken cancellationToken)
    {
        var entry = LegacyEventLog.Find(_events, index);
        var number = LegacyEventLog.IndexOf(entry);
        var stored = await ReadEventFileAsync(number, cancellationToken).ConfigureAwait(false);
        var result = new JsonObject();
        foreach (var (key, value) in stored)
        {
            result[key] = key switch
            {
                "files" => Format2Katas.FilesObject(Files(value, number)),
                "stdout" or "stderr" when Version == 0 => Output(value, $"event {number} {key}"),
                "status" => StatusText(value),
                _ => value?.DeepClone(),
            };
        }
        string[] fromEntry = number == 0
            ? ["index", "time", "event"]
            : ["index", "time", "colour", "duration", "predicted", "revert", "checkout"];
        foreach (var key in fromEntry)
            if (!result.ContainsKey(key) && entry.TryGetPropertyValue(key, out var value)) result[key] = value?.DeepClone();
        return result;
    }

    public async Task<SortedDictionary<string, string>> FilesAtAsync(long index, CancellationToken cancellationToken) =>
        (await FilesInOrderAtAsync(index, cancellationToken).ConfigureAwait(false)).Files;

    public async Task<(SortedDictionary<string, string> Files, IReadOnlyList<string> Order)> FilesInOrderAtAsync(long index,
        CancellationToken cancellationToken)
    {
        var number = LegacyEventLog.IndexOf(LegacyEventLog.Find(_events, index));
        var stored = await ReadEventFileAsync(number, cancellationToken).ConfigureAwait(false);
        var files = Files(stored["files"], number);
        return (files, [.. stored["files"]!.AsObject().Select(file => file.Key)]);
    }

    public async Task<JsonNode?> OptionGetAsync(string name, CancellationToken cancellationToken)
    {
        KataOptions.ThrowUnlessKnown(name);
        var fallback = KataOptions.Defaults.First(o => o.Name == name).Default;
        return await OptionValueAsync(name, fallback, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An option file's last line ([Ks3864]: "\ndark" is "dark"), or the default when there is none.</summary>
    private async Task<string> OptionValueAsync(string name, string fallback, CancellationToken cancellationToken)
    {
        var text = await ReadTextAsync(name, cancellationToken).ConfigureAwait(false);
        var lastLine = text?.Split('\n').Select(line => line.Trim()).LastOrDefault(line => line.Length > 0);
        return lastLine ?? fallback;
    }

    public void Dispose()
    {
        // Nothing is held open: every read fetches its blob.
    }

    private string EventPath(long number) => Version == 0
        ? number.ToString(CultureInfo.InvariantCulture) + "/event.json"
        : number.ToString(CultureInfo.InvariantCulture) + ".event.json";

    private async Task<JsonObject> ReadEventFileAsync(long number, CancellationToken cancellationToken)
    {
        var path = EventPath(number);
        var text = await ReadTextAsync(path, cancellationToken).ConfigureAwait(false)
            ?? throw new SaverException($"kata {_id} has no {path}");
        return SaverJson.Parse(text) as JsonObject ?? throw new SaverException($"kata {_id} {path} is not a JSON object");
    }

    private async Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        var download = await _blobs.GetAsync(KataLayout.BlobName(_id, path), cancellationToken: cancellationToken).ConfigureAwait(false);
        return download is null ? null : Utf8Text.Decode(download.Content.Span);
    }

    /// <summary>An event's files as name → text: format 0's lines joined; anything but the content (format 1's "truncated") dropped.</summary>
    private SortedDictionary<string, string> Files(JsonNode? files, long number)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (files is not JsonObject o) throw new SaverException($"kata {_id} event {number} has no files");
        foreach (var (name, file) in o)
            result[name] = LinedText.Join(file?["content"], $"kata {_id} event {number} file {name}");
        return result;
    }

    private JsonObject Output(JsonNode? output, string what) =>
        output is JsonObject o
            ? new JsonObject { ["content"] = LinedText.Join(o["content"], $"kata {_id} {what}"), ["truncated"] = o["truncated"]?.DeepClone() }
            : throw new SaverException($"kata {_id} {what} is not an object");

    /// <summary>Ruby's <c>to_s</c> of the stored status: 1 becomes "1".</summary>
    private static JsonNode StatusText(JsonNode? status) => status switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var text) => text,
        var other => other.ToJsonString(),
    };
}
