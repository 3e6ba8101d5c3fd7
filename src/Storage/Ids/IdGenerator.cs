using Saver.Storage.Blobs;
using Saver.Storage.Externals;

namespace Saver.Storage.Ids;

/// <summary>
/// Makes new ids as the original does (docs/api.md §2): up to 256 tries of six random characters,
/// skipping the reserved 999999 and any id already used by a kata, group or cluster, until
/// the caller's atomic create succeeds.
/// </summary>
public sealed class IdGenerator(IBlobStore blobs, IRandomSource random)
{
    public const int MaxTries = 256;
    public const string ReservedId = "999999";

    /// <summary>
    /// The id for which <paramref name="tryCreate"/> succeeded, or null when every try failed.
    /// <paramref name="tryCreate"/> must create the entity atomically and return false if it
    /// already existed.
    /// </summary>
    public async Task<EntityId?> GenerateAsync(EntityKind kind, Func<EntityId, CancellationToken, Task<bool>> tryCreate,
        CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < MaxTries; attempt++)
        {
            var chars = new char[EntityId.Length];
            for (var i = 0; i < chars.Length; i++) chars[i] = EntityId.Alphabet[random.Next(EntityId.Alphabet.Length)];
            var candidate = new string(chars);
            if (candidate == ReservedId) continue;
            var id = EntityId.Parse(candidate);
            if (await IsTakenAsync(id, cancellationToken).ConfigureAwait(false)) continue;
            if (await tryCreate(id, cancellationToken).ConfigureAwait(false)) return id;
        }
        return null;
    }

    /// <summary>Whether anything (of any kind, in any format) already uses the id.</summary>
    public async Task<bool> IsTakenAsync(EntityId id, CancellationToken cancellationToken)
    {
        var checks = Enum.GetValues<EntityKind>().Select(k => blobs.AnyAsync(id.PathUnder(k), cancellationToken));
        return (await Task.WhenAll(checks).ConfigureAwait(false)).Any(taken => taken);
    }
}
