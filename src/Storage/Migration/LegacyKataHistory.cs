using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Json;
using Saver.Storage.Katas;
using Saver.Storage.Katas.Legacy;

namespace Saver.Storage.Migration;

/// <summary>
/// Everything a kata of format 0 or 1 holds, read once, as the old-format reader answers it:
/// the manifest as stored, the events.json entries kata_events starts from, each event as
/// kata_event answers it, and the options as kata_option_get answers them. A migration
/// writes exactly this into git, so the migrated kata answers the same.
/// </summary>
public sealed class LegacyKataHistory
{
    /// <summary>How many event files are read at once.</summary>
    private const int ReadsAtOnce = 8;

    private LegacyKataHistory(EntityId id, int version, JsonObject manifest, JsonArray entries,
        IReadOnlyList<JsonObject> events, JsonObject options)
    {
        Id = id;
        Version = version;
        Manifest = manifest;
        Entries = entries;
        Events = events;
        Options = options;
    }

    public EntityId Id { get; }

    /// <summary>0 or 1.</summary>
    public int Version { get; }

    /// <summary>manifest.json as the original stored it.</summary>
    public JsonObject Manifest { get; }

    /// <summary>events.json as <see cref="LegacyEventLog.Parse"/> gives it: each entry with its index.</summary>
    public JsonArray Entries { get; }

    /// <summary>kata_event of each entry, in the order of <see cref="Entries"/>.</summary>
    public IReadOnlyList<JsonObject> Events { get; }

    /// <summary>The six options (docs/api.md §3.6) as kata_option_get answers them, in options.json's order.</summary>
    public JsonObject Options { get; }

    /// <summary>Reads kata <paramref name="id"/>, whose manifest (of format <paramref name="version"/>) has been read already.</summary>
    public static async Task<LegacyKataHistory> LoadAsync(IBlobStore blobs, EntityId id, int version, JsonObject manifest,
        CancellationToken cancellationToken)
    {
        var download = await blobs.GetAsync(KataLayout.BlobName(id, LegacyKatas.EventsBlob), cancellationToken: cancellationToken)
            .ConfigureAwait(false) ?? throw new SaverException($"kata {id} has no {LegacyKatas.EventsBlob}");
        var entries = LegacyEventLog.Parse(version, Utf8Text.Decode(download.Content.Span), $"kata {id} {LegacyKatas.EventsBlob}");
        var kata = new LegacyKata(blobs, id, version, manifest, entries);

        var indexes = entries.Select(entry => LegacyEventLog.IndexOf((JsonObject)entry!)).ToList();
        var events = new JsonObject[indexes.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, indexes.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ReadsAtOnce, CancellationToken = cancellationToken },
            async (i, ct) => events[i] = await kata.EventAsync(indexes[i], ct).ConfigureAwait(false)).ConfigureAwait(false);

        var options = new JsonObject();
        foreach (var (name, _) in KataOptions.Defaults)
            options[name] = await kata.OptionGetAsync(name, cancellationToken).ConfigureAwait(false);
        return new LegacyKataHistory(id, version, manifest, entries, events, options);
    }
}
