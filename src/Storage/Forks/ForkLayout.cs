using Saver.Storage.Ids;

namespace Saver.Storage.Forks;

/// <summary>
/// Where the fork index keeps its records: <c>forks/&lt;content hash&gt;/katas/&lt;id&gt;</c> for a
/// kata made by kata_fork and <c>forks/&lt;content hash&gt;/groups/&lt;id&gt;</c> for a group made by
/// group_fork, the hash being that of the files copied. Counting the forks of one content is
/// a listing of its prefix only.
/// </summary>
public static class ForkLayout
{
    public const string Root = "forks/";

    public static string Prefix(ContentHash content) => $"{Root}{content.Value}/";

    public static string RecordName(ContentHash content, EntityKind kind, EntityId id) =>
        $"{Prefix(content)}{ThrowUnlessForkable(kind).Folder()}/{id.Value}";

    /// <summary>The kind and id a record under <paramref name="content"/>'s prefix names; false for any other blob.</summary>
    public static bool TryParseRecord(ContentHash content, string name, out EntityKind kind, out EntityId id)
    {
        kind = default;
        id = default;
        var prefix = Prefix(content);
        if (!name.StartsWith(prefix, StringComparison.Ordinal)) return false;
        var parts = name[prefix.Length..].Split('/');
        if (parts.Length != 2 || !EntityId.TryParse(parts[1], out id)) return false;
        foreach (var candidate in (EntityKind[])[EntityKind.Kata, EntityKind.Group])
        {
            if (parts[0] != candidate.Folder()) continue;
            kind = candidate;
            return true;
        }
        return false;
    }

    private static EntityKind ThrowUnlessForkable(EntityKind kind) =>
        kind is EntityKind.Kata or EntityKind.Group
            ? kind
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "only katas and groups are forked");
}
