using System.Text.Json.Nodes;
using Saver.Storage.Blobs;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Storage.Json;
using Saver.Storage.Katas;

namespace Saver.Storage.Clusters;

/// <summary>
/// The cluster operations of the saver API (docs/api.md §3.2): a cluster is 2..5 groups made
/// together, each knowing its cluster by <c>cluster_id</c>.
/// </summary>
public sealed class ClusterService(IBlobStore blobs, GroupService groups, IdGenerator ids, TimeProvider time)
{
    public const int MinGroups = 2;
    public const int MaxGroups = 5;

    /// <summary>
    /// cluster_create: claims a cluster id, makes one format-2 group per manifest (in order,
    /// each with <c>cluster_id</c>), then writes the cluster's manifest. Every manifest is
    /// checked first, so a refused request writes nothing. Null when no free id was found.
    /// </summary>
    public async Task<string?> CreateAsync(JsonArray manifests, CancellationToken cancellationToken = default)
    {
        if (manifests.Count is < MinGroups or > MaxGroups)
            throw new BadRequestException($"ltfs.size:{manifests.Count}: (a cluster offers {MinGroups}..{MaxGroups} LTFs)");
        var checkedManifests = manifests.Select((m, i) => m as JsonObject
            ?? throw new SaverException($"manifests[{i}] must be an object, not {RubyValues.Describe(m)}")).ToList();
        foreach (var manifest in checkedManifests) GroupService.ThrowUnlessCreatable(manifest);

        var id = await ids.GenerateAsync(EntityKind.Cluster,
            (candidate, ct) => blobs.TryCreateAsync(ClusterLayout.ClaimBlobName(candidate), ReadOnlyMemory<byte>.Empty, ct),
            cancellationToken).ConfigureAwait(false);
        if (id is not { } clusterId) return null;

        // The id is taken: finish the cluster even if the caller goes away.
        var created = KataTime.Now(time);
        var members = new JsonObject();
        foreach (var manifest in checkedManifests)
        {
            var withCluster = (JsonObject)manifest.DeepClone();
            withCluster[EntityLinks.ClusterId] = clusterId.Value;
            var groupId = await groups.CreateAsync(withCluster, CancellationToken.None).ConfigureAwait(false)
                ?? throw new SaverException($"cluster {clusterId}: no free group id was found");
            members[groupId] = manifest.DeepClone();
        }
        var stored = new JsonObject { ["id"] = clusterId.Value, ["created"] = created, ["groups"] = members };
        await blobs.PutAsync(ClusterLayout.ManifestBlobName(clusterId), SaverJson.CompactBytes(stored), BlobConditions.CreateOnly,
            CancellationToken.None).ConfigureAwait(false);
        return clusterId.Value;
    }

    /// <summary>cluster_exists?: false for anything that is not the id of an existing cluster.</summary>
    public async Task<bool> ExistsAsync(JsonNode? id, CancellationToken cancellationToken = default) =>
        id is JsonValue v && v.TryGetValue<string>(out var s) && EntityId.TryParse(s, out var parsed) &&
        await ExistsAsync(parsed, cancellationToken).ConfigureAwait(false);

    public Task<bool> ExistsAsync(EntityId id, CancellationToken cancellationToken) =>
        blobs.AnyAsync(ClusterLayout.Prefix(id), cancellationToken);

    /// <summary>cluster_manifest: <c>{"id","created","groups":{"&lt;gid&gt;":&lt;manifest as sent&gt;}}</c>.</summary>
    public async Task<JsonObject> ManifestAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!EntityId.TryParse(id, out var clusterId)) throw Unknown(id);
        var download = await blobs.GetAsync(ClusterLayout.ManifestBlobName(clusterId), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (download is null)
        {
            throw await ExistsAsync(clusterId, cancellationToken).ConfigureAwait(false)
                ? new SaverException($"cluster {id} has no manifest: its creation did not finish")
                : Unknown(id);
        }
        return SaverJson.Parse(download.Content.Span) as JsonObject
            ?? throw new SaverException($"cluster {id} has a manifest.json that is not a JSON object");
    }

    private static UnknownIdException Unknown(string? id) => new($"cluster {id} does not exist");
}
