using Saver.Storage.Ids;

namespace Saver.Storage.Migration;

/// <summary>
/// What a write to a kata or group of format 0 or 1 does (configuration Saver:MigrateOnWrite):
/// when enabled, it migrates the kata (or the group, with its katas) and the write then goes
/// ahead on format 2; when not, the write is refused with the original's 505.
/// </summary>
public sealed class MigrateOnWrite(KataMigration katas, GroupMigration groups, bool enabled)
{
    public bool Enabled => enabled;

    /// <summary>True when the kata is format 2 now and the write may be tried again; false when writes to old formats are refused.</summary>
    public async Task<bool> TryMigrateKataAsync(EntityId id, CancellationToken cancellationToken)
    {
        if (!enabled) return false;
        await katas.MigrateAsync(id, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>As <see cref="TryMigrateKataAsync"/>, for a group and its katas.</summary>
    public async Task<bool> TryMigrateGroupAsync(EntityId id, CancellationToken cancellationToken)
    {
        if (!enabled) return false;
        await groups.MigrateAsync(id, cancellationToken).ConfigureAwait(false);
        return true;
    }
}
