using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Saver.Storage.Externals;
using Saver.Storage.Forks;
using Saver.Storage.Ids;
using Saver.Storage.Katas;
using Saver.Storage.Migration;

namespace Saver.Storage.Groups;

/// <summary>
/// The group operations of the saver API (docs/api.md §3.3, §5) in domain terms. Groups of formats
/// 0 and 1 are read-only: writes to them raise <see cref="WriteNotSupportedException"/>
/// (505); unknown ids raise <see cref="UnknownIdException"/> (400, "group X does not exist").
/// Members are katas, made and read through <see cref="KataService"/>.
/// </summary>
/// <param name="migrateOnWrite">Migrates an old-format group a join is sent to, when enabled; without it such joins are 505.</param>
public sealed partial class GroupService(
    GroupStore groups, KataService katas, IdGenerator ids, IRandomSource random, TimeProvider time, ForkIndex forks,
    ILogger<GroupService> logger, MigrateOnWrite? migrateOnWrite = null)
{
    /// <summary>group_create: a new format-2 group; null when no free id was found.</summary>
    public async Task<string?> CreateAsync(JsonObject manifest, CancellationToken cancellationToken = default)
    {
        ThrowUnlessCreatable(manifest);
        return await CreateFormat2Async(manifest, forkedFrom: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Refuses, before anything is written, a manifest group_create would refuse: version 0
    /// or 1 (505, as the original), or visible_files no kata could be made from (500: every
    /// join would fail).
    /// </summary>
    public static void ThrowUnlessCreatable(JsonObject manifest)
    {
        var version = KataService.ManifestVersion(manifest["version"], 2);
        if (version is 0 or 1) throw new WriteNotSupportedException($"Group_v{version}: write not supported");
        KataFiles.FromVisibleFiles(manifest["visible_files"]);
    }

    /// <summary>group_exists?: false for anything that is not the id of an existing group.</summary>
    public async Task<bool> ExistsAsync(JsonNode? id, CancellationToken cancellationToken = default) =>
        id is JsonValue v && v.TryGetValue<string>(out var s) && EntityId.TryParse(s, out var parsed) &&
        await groups.ExistsAsync(parsed, cancellationToken).ConfigureAwait(false);

    /// <summary>group_manifest: the stored manifest, visible_files included, with the read defaults filled in.</summary>
    public async Task<JsonObject> ManifestAsync(string id, CancellationToken cancellationToken = default) =>
        (await ReadAsync(ParseId(id), cancellationToken).ConfigureAwait(false)).Manifest;

    /// <summary>
    /// group_fork: a new format-2 group from a kata's manifest, whose visible_files are the
    /// kata's files at <paramref name="index"/> (kata_event's index rules and errors). Its
    /// options start again from their defaults, as in group_create. The fork index records it
    /// under the hash of those files.
    /// </summary>
    public async Task<string?> ForkAsync(string kataId, JsonNode? index, CancellationToken cancellationToken = default)
    {
        var manifest = await katas.ManifestAsync(kataId, cancellationToken).ConfigureAwait(false);
        var files = await katas.FilesAtAsync(kataId, index, cancellationToken).ConfigureAwait(false);
        foreach (var key in (string[])["id", "created", "version", EntityLinks.GroupId, EntityLinks.GroupIndex]) manifest.Remove(key);
        manifest["visible_files"] = Format2Katas.FilesObject(files);
        return await CreateFormat2Async(manifest, new ForkOrigin(ContentHash.Of(files), kataId), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Stores the manifest plus the option defaults (which win over the manifest's own
    /// options), version 2, created and the new id.
    /// </summary>
    /// <param name="forkedFrom">For group_fork: the content copied, under which the fork index records the new group.</param>
    private async Task<string?> CreateFormat2Async(JsonObject manifest, ForkOrigin? forkedFrom, CancellationToken cancellationToken)
    {
        var stored = (JsonObject)manifest.DeepClone();
        foreach (var (name, value) in KataOptions.Defaults) stored[name] = value;
        stored["version"] = 2;
        stored["created"] = KataTime.Now(time);
        Func<EntityId, CancellationToken, Task<bool>> tryCreate = (candidate, ct) =>
        {
            stored["id"] = candidate.Value;
            return groups.TryCreateAsync(candidate, stored, ct);
        };
        if (forkedFrom is not null) tryCreate = forks.Recording(forkedFrom, EntityKind.Group, tryCreate);
        var id = await ids.GenerateAsync(EntityKind.Group, tryCreate, cancellationToken).ConfigureAwait(false);
        return id?.Value;
    }

    /// <summary>
    /// The group's manifest with the read defaults (docs/api.md §3.3), and its format (no version
    /// means 0). Unknown groups raise.
    /// </summary>
    private async Task<StoredGroup> ReadAsync(EntityId id, CancellationToken cancellationToken)
    {
        var manifest = await groups.ReadManifestAsync(id, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownIdException($"group {id} does not exist");
        var version = KataService.ManifestVersion(manifest["version"], 0);
        ManifestDefaults.Fill(manifest);
        return new StoredGroup(manifest, version);
    }

    private sealed record StoredGroup(JsonObject Manifest, long Version);

    private static EntityId ParseId(string? id) =>
        EntityId.TryParse(id, out var parsed) ? parsed : throw new UnknownIdException($"group {id} does not exist");
}
