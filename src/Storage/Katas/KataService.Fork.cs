using System.Text.Json.Nodes;
using Saver.Storage.Forks;

namespace Saver.Storage.Katas;

public sealed partial class KataService
{
    /// <summary>
    /// The keys of kata_manifest a fork does not take over: its own id, creation time and
    /// version come with it, it belongs to no group, and its options start at their defaults
    /// (so they are left to options.json rather than copied into manifest.json).
    /// </summary>
    private static readonly string[] KeysForksDoNotInherit =
        ["id", "created", "version", "group_id", "group_index", .. KataOptions.Defaults.Select(option => option.Name)];

    /// <summary>
    /// kata_fork: a new format-2 kata from the manifest of <paramref name="id"/> and its files at
    /// <paramref name="index"/>, recorded in the fork index under the hash of those files.
    /// </summary>
    /// <returns>The new kata's id; null when no free id was found.</returns>
    /// <exception cref="UnknownIdException">No such kata.</exception>
    /// <exception cref="SaverException">An index that names no event (kata_event's errors).</exception>
    public async Task<string?> ForkAsync(string id, JsonNode? index, CancellationToken cancellationToken = default)
    {
        var (manifest, files) = await ForkSourceAsync(id, index, cancellationToken).ConfigureAwait(false);
        return await CreateAsync(manifest, new ForkOrigin(ContentHash.Of(files), id), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// What a copy of kata <paramref name="id"/> at event <paramref name="index"/> (Ruby to_i,
    /// negative from the end) is made from: its kata_manifest without the keys in
    /// <see cref="KeysForksDoNotInherit"/>, and visible_files the files at that event.
    /// The copy's kata_manifest is then the source's, bar id, created, version and the group keys.
    /// </summary>
    public async Task<JsonObject> ForkManifestAsync(string id, JsonNode? index, CancellationToken cancellationToken = default) =>
        (await ForkSourceAsync(id, index, cancellationToken).ConfigureAwait(false)).Manifest;

    /// <summary>The manifest <see cref="ForkManifestAsync"/> describes, and the files it copies.</summary>
    private async Task<(JsonObject Manifest, SortedDictionary<string, string> Files)> ForkSourceAsync(string id, JsonNode? index,
        CancellationToken cancellationToken)
    {
        var manifest = await ManifestAsync(id, cancellationToken).ConfigureAwait(false);
        var files = await FilesAtAsync(id, index, cancellationToken).ConfigureAwait(false);
        foreach (var key in KeysForksDoNotInherit) manifest.Remove(key);
        // kata_manifest fills a missing exercise with "". Left in, it would turn the README's
        // "Custom exercise" line into an empty "Exercise"; left out, reads fill it in again.
        if (manifest["exercise"] is JsonValue exercise && exercise.TryGetValue<string>(out var name) && name.Length == 0)
            manifest.Remove("exercise");
        manifest["visible_files"] = Format2Katas.FilesObject(files);
        return (manifest, files);
    }
}
