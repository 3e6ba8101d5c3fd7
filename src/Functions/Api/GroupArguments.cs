using System.Text.Json;
using System.Text.Json.Nodes;
using Saver.Storage;
using Saver.Storage.Json;

namespace Saver.Functions.Api;

/// <summary>Turns the JSON arguments of group methods into the domain's types, refusing wrong shapes with clear messages.</summary>
public static class GroupArguments
{
    /// <summary>group_join's optional <c>indexes</c>: an array of integers; left out (or null), the domain's default.</summary>
    public static IReadOnlyList<long>? Indexes(ApiArguments a)
    {
        if (!a.Has("indexes") || a["indexes"] is null) return null;
        if (a["indexes"] is JsonArray array && array.All(IsInteger))
            return array.Select(i => i!.GetValue<long>()).ToList();
        throw new SaverException($"indexes must be an array of integers, not {SaverJson.Compact(a["indexes"])}");
    }

    private static bool IsInteger(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<long>(out _);
}
