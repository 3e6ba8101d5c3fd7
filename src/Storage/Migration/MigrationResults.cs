using System.Text.Json.Nodes;
using Saver.Storage.Groups;
using Saver.Storage.Ids;

namespace Saver.Storage.Migration;

/// <summary>
/// What a kata migration did: the format the kata was found in (0, 1, or 2 when there was
/// nothing to do) and whether this call stored its repository (false when it was format 2
/// already, or another migration stored it first).
/// </summary>
public sealed record KataMigrationResult(EntityId Id, int Version, bool Migrated)
{
    /// <summary>kata_migrate's answer: <c>{"id","version","migrated"}</c>.</summary>
    public JsonObject ToJson() => new() { ["id"] = Id.Value, ["version"] = Version, ["migrated"] = Migrated };
}

/// <summary>What a group migration did, as <see cref="KataMigrationResult"/>, with the result for each member by avatar index.</summary>
public sealed record GroupMigrationResult(EntityId Id, int Version, bool Migrated, IReadOnlyList<(int Index, KataMigrationResult Kata)> Katas)
{
    /// <summary>group_migrate's answer: <c>{"id","version","migrated","katas":{"&lt;index&gt;":kata_migrate's answer}}</c>.</summary>
    public JsonObject ToJson()
    {
        var katas = new JsonObject();
        foreach (var (index, kata) in Katas.OrderBy(k => k.Index)) katas[AvatarIndex.Format(index)] = kata.ToJson();
        return new JsonObject { ["id"] = Id.Value, ["version"] = Version, ["migrated"] = Migrated, ["katas"] = katas };
    }
}
