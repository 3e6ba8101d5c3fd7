using System.Text.Json.Nodes;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Storage.Katas;

namespace Saver.Storage.Clusters;

/// <summary>
/// id_chain (docs/api.md §3.2): from any id up through the entities that hold it, kata → group →
/// cluster, as <c>[{"type","id"}, …]</c>. A link to an entity that does not exist ends the chain.
/// </summary>
public sealed class IdChain(KataService katas, GroupService groups, ClusterService clusters)
{
    public async Task<JsonArray> WalkAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!EntityId.TryParse(id, out var start)) throw Unknown(id);
        var chain = new JsonArray();
        var level = await KindOfAsync(start, cancellationToken).ConfigureAwait(false);
        var current = start;
        while (level is { } kind)
        {
            chain.Add(new JsonObject { ["type"] = kind.Name(), ["id"] = current.Value });
            var up = await UpAsync(kind, current, cancellationToken).ConfigureAwait(false);
            if (up is not var (upKind, upId) || !await ExistsAsync(upKind, upId, cancellationToken).ConfigureAwait(false)) break;
            (level, current) = (upKind, upId);
        }
        return chain.Count > 0 ? chain : throw Unknown(id);
    }

    /// <summary>What the id names; ids are unique across kinds (docs/api.md §2), so the first match is the only one.</summary>
    private async Task<EntityKind?> KindOfAsync(EntityId id, CancellationToken cancellationToken)
    {
        foreach (var kind in (EntityKind[])[EntityKind.Kata, EntityKind.Group, EntityKind.Cluster])
            if (await ExistsAsync(kind, id, cancellationToken).ConfigureAwait(false)) return kind;
        return null;
    }

    private Task<bool> ExistsAsync(EntityKind kind, EntityId id, CancellationToken cancellationToken) => kind switch
    {
        EntityKind.Kata => katas.ExistsAsync(id.Value, cancellationToken),
        EntityKind.Group => groups.ExistsAsync(id.Value, cancellationToken),
        _ => clusters.ExistsAsync(id, cancellationToken),
    };

    /// <summary>The entity holding this one: a kata's group, a group's cluster; a cluster has none.</summary>
    private async Task<(EntityKind, EntityId)?> UpAsync(EntityKind kind, EntityId id, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case EntityKind.Kata:
                var kataManifest = await katas.ManifestAsync(id.Value, cancellationToken).ConfigureAwait(false);
                return EntityLinks.GroupOf(kataManifest) is { } groupId ? (EntityKind.Group, groupId) : null;
            case EntityKind.Group:
                var groupManifest = await groups.ManifestAsync(id.Value, cancellationToken).ConfigureAwait(false);
                return EntityLinks.ClusterOf(groupManifest) is { } clusterId ? (EntityKind.Cluster, clusterId) : null;
            default:
                return null;
        }
    }

    private static UnknownIdException Unknown(string? id) => new($"id {id} does not exist");
}
