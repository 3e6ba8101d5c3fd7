using System.Text.Json.Nodes;
using Saver.Storage.Ids;

namespace Saver.Storage.Groups;

/// <summary>
/// The links up the chain kata → group → cluster, as manifests keep them: a kata's
/// <c>group_id</c> (with <c>group_index</c>) and a group's <c>cluster_id</c>.
/// </summary>
public static class EntityLinks
{
    public const string GroupId = "group_id";
    public const string GroupIndex = "group_index";
    public const string ClusterId = "cluster_id";

    /// <summary>The group a kata joined, or null for a kata in no group.</summary>
    public static EntityId? GroupOf(JsonObject kataManifest) => IdAt(kataManifest, GroupId);

    /// <summary>The cluster a group belongs to, or null for a group in no cluster.</summary>
    public static EntityId? ClusterOf(JsonObject groupManifest) => IdAt(groupManifest, ClusterId);

    private static EntityId? IdAt(JsonObject manifest, string key) =>
        manifest[key] is JsonValue v && v.TryGetValue<string>(out var s) && EntityId.TryParse(s, out var id) ? id : null;
}
