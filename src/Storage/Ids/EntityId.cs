using System.Diagnostics.CodeAnalysis;

namespace Saver.Storage.Ids;

/// <summary>
/// A kata, group or cluster id: exactly six characters of the 58-character alphabet
/// (the digits and the letters, without the easily misread I, O, i and o).
/// </summary>
public readonly record struct EntityId
{
    public const string Alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjklmnpqrstuvwxyz";
    public const int Length = 6;

    private EntityId(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    public static bool IsValid([NotNullWhen(true)] string? candidate)
    {
        if (candidate is null || candidate.Length != Length) return false;
        foreach (var c in candidate)
            if (!Alphabet.Contains(c)) return false;
        return true;
    }

    public static bool TryParse([NotNullWhen(true)] string? candidate, out EntityId id)
    {
        id = IsValid(candidate) ? new EntityId(candidate) : default;
        return id.Value is not null;
    }

    /// <summary>The id, or an <see cref="ArgumentException"/> naming the bad value.</summary>
    public static EntityId Parse(string? candidate) =>
        TryParse(candidate, out var id) ? id : throw new ArgumentException($"malformed id {candidate}", nameof(candidate));

    /// <summary>The folder-like blob prefix the original used on disk: <c>katas/Ab/Cd/Ef/</c>.</summary>
    public string PathUnder(EntityKind kind) => $"{kind.Folder()}/{Value[..2]}/{Value[2..4]}/{Value[4..]}/";

    /// <summary>
    /// The id whose <see cref="PathUnder"/> <paramref name="kind"/> starts <paramref name="blobName"/>
    /// (<c>katas/Ab/Cd/Ef/…</c> is AbCdEf's), or null for a blob outside that layout.
    /// </summary>
    public static EntityId? InPath(string blobName, EntityKind kind)
    {
        var parts = blobName.Split('/');
        return parts.Length >= 5 && parts[0] == kind.Folder() && parts[1].Length == 2 && parts[2].Length == 2 && parts[3].Length == 2 &&
               TryParse(parts[1] + parts[2] + parts[3], out var id)
            ? id
            : null;
    }
}

public enum EntityKind { Kata, Group, Cluster }

public static class EntityKindExtensions
{
    public static string Folder(this EntityKind kind) => kind switch
    {
        EntityKind.Kata => "katas",
        EntityKind.Group => "groups",
        EntityKind.Cluster => "clusters",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static string Name(this EntityKind kind) => kind switch
    {
        EntityKind.Kata => "kata",
        EntityKind.Group => "group",
        EntityKind.Cluster => "cluster",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
