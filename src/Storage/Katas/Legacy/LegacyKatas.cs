using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Json;

namespace Saver.Storage.Katas.Legacy;

/// <summary>Opens katas kept in the original's formats 0 and 1 (docs/api.md §7), whose files are blobs under the kata's prefix.</summary>
public sealed class LegacyKatas(IBlobStore blobs)
{
    public const string EventsBlob = "events.json";

    /// <summary>The kata <paramref name="id"/> of format <paramref name="version"/>, whose manifest.json has been read already.</summary>
    public async Task<LegacyKata> OpenAsync(EntityId id, int version, JsonObject manifest, CancellationToken cancellationToken)
    {
        var download = await blobs.GetAsync(KataLayout.BlobName(id, EventsBlob), cancellationToken: cancellationToken)
            .ConfigureAwait(false) ?? throw new SaverException($"kata {id} has no {EventsBlob}");
        var events = LegacyEventLog.Parse(version, Utf8Text.Decode(download.Content.Span), $"kata {id} {EventsBlob}");
        return new LegacyKata(blobs, id, version, manifest, events);
    }
}
