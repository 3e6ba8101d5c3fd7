using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.Katas;

namespace Saver.Storage.Migration;

/// <summary>
/// Migrates every kata and group of format 0 or 1 in the store (--migrate-all), and converts
/// every format-2 kata still in the single-blob form of earlier versions to a log of packs.
/// The store is listed first, so the total is known: katas whose repository is a log already
/// are only counted; every other kata, then every group, is migrated, a few at a time. A
/// kata or group that fails is reported with its reason and left as it was; the others go on.
/// Katas come before groups, so a group finds its members done already.
/// </summary>
public sealed class StoreMigration(IBlobStore blobs, RepositoryStore repositories, KataMigration katas, GroupMigration groups,
    ILogger<StoreMigration> logger)
{
    /// <summary>Migrations run at once: enough to overlap one's blob transfers with another's git work.</summary>
    public const int MigrationsAtOnce = 4;

    /// <param name="progress">Called after the listing and after each kata or group, one call at a time.</param>
    public async Task<MigrationSummary> MigrateAllAsync(Action<MigrationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var (oldKatas, singleBlobKatas, format2Katas) = await ListKatasAsync(cancellationToken).ConfigureAwait(false);
        var groupIds = await ListIdsAsync(EntityKind.Group, cancellationToken).ConfigureAwait(false);
        var tally = new Tally(oldKatas.Count + singleBlobKatas.Count + groupIds.Count, format2Katas, progress);
        logger.LogInformation("Migrating {Katas} katas and {Groups} groups, converting {SingleBlob} katas from the single-blob form; " +
            "{Format2} katas are format 2 already", oldKatas.Count, groupIds.Count, singleBlobKatas.Count, format2Katas);
        tally.Report();

        await RunAsync(singleBlobKatas, EntityKind.Kata, (id, ct) =>
            repositories.ConvertAsync(KataLayout.RepositoryName(id), ct), tally, cancellationToken).ConfigureAwait(false);
        await RunAsync(oldKatas, EntityKind.Kata, async (id, ct) =>
            (await katas.MigrateAsync(id, ct).ConfigureAwait(false)).Migrated, tally, cancellationToken).ConfigureAwait(false);
        await RunAsync(groupIds, EntityKind.Group, async (id, ct) =>
            (await groups.MigrateAsync(id, ct).ConfigureAwait(false)).Migrated, tally, cancellationToken).ConfigureAwait(false);
        return tally.Summary();
    }

    private async Task RunAsync(IReadOnlyList<EntityId> ids, EntityKind kind, Func<EntityId, CancellationToken, Task<bool>> migrate,
        Tally tally, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = MigrationsAtOnce, CancellationToken = cancellationToken },
            async (id, ct) =>
            {
                try
                {
                    tally.Done(kind, await migrate(id, ct).ConfigureAwait(false));
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The summary lists every failure with its reason; only the unexpected ones are worth a warning too.
                    if (e is SaverException) logger.LogDebug(e, "Could not migrate {Kind} {Id}", kind.Name(), id);
                    else logger.LogWarning(e, "Could not migrate {Kind} {Id}", kind.Name(), id);
                    tally.Failed(new MigrationFailure(kind, id, e.Message));
                }
            }).ConfigureAwait(false);
    }

    /// <summary>The katas without a repository, those with one in the single-blob form (in id order), and how many have a log.</summary>
    private async Task<(List<EntityId> Old, List<EntityId> SingleBlob, int Format2)> ListKatasAsync(CancellationToken cancellationToken)
    {
        var old = new List<EntityId>();
        var singleBlob = new List<EntityId>();
        var format2 = 0;
        EntityId? current = null;
        var hasLog = false;
        var hasSingleBlob = false;
        await foreach (var blob in blobs.ListAsync(EntityKind.Kata.Folder() + "/", cancellationToken).ConfigureAwait(false))
        {
            if (EntityId.InPath(blob.Name, EntityKind.Kata) is not { } id) continue;
            if (id != current)
            {
                Close();
                current = id;
                hasLog = hasSingleBlob = false;
            }
            var relative = blob.Name[KataLayout.Prefix(id).Length..];
            hasLog |= KataLayout.IsRepositoryBlob(relative) && relative != KataLayout.RepositoryBlob;
            hasSingleBlob |= relative == KataLayout.RepositoryBlob;
        }
        Close();
        return (old, singleBlob, format2);

        void Close()
        {
            if (current is not { } done) return;
            if (hasLog) format2++;
            else if (hasSingleBlob) singleBlob.Add(done);
            else old.Add(done);
        }
    }

    /// <summary>Every id with a blob under the kind's folder, in id order.</summary>
    private async Task<List<EntityId>> ListIdsAsync(EntityKind kind, CancellationToken cancellationToken)
    {
        var ids = new List<EntityId>();
        await foreach (var blob in blobs.ListAsync(kind.Folder() + "/", cancellationToken).ConfigureAwait(false))
            if (EntityId.InPath(blob.Name, kind) is { } id && (ids.Count == 0 || ids[^1] != id)) ids.Add(id);
        return ids;
    }

    /// <summary>The counts so far, kept consistent under concurrent migrations.</summary>
    private sealed class Tally(int total, int format2Katas, Action<MigrationProgress>? progress)
    {
        private readonly object _lock = new();
        private readonly List<MigrationFailure> _failures = [];
        private int _done, _katasMigrated, _katasAlready = format2Katas, _groupsMigrated, _groupsAlready;

        public void Done(EntityKind kind, bool migrated)
        {
            lock (_lock)
            {
                _done++;
                if (kind == EntityKind.Kata && migrated) _katasMigrated++;
                else if (kind == EntityKind.Kata) _katasAlready++;
                else if (migrated) _groupsMigrated++;
                else _groupsAlready++;
                Report();
            }
        }

        public void Failed(MigrationFailure failure)
        {
            lock (_lock)
            {
                _done++;
                _failures.Add(failure);
                Report();
            }
        }

        public void Report()
        {
            lock (_lock) progress?.Invoke(new MigrationProgress(_done, total, _katasMigrated + _groupsMigrated, _failures.Count));
        }

        public MigrationSummary Summary()
        {
            lock (_lock)
            {
                var failures = _failures.OrderBy(f => f.Kind).ThenBy(f => f.Id.Value, StringComparer.Ordinal).ToList();
                return new MigrationSummary(
                    new MigrationCounts(_katasMigrated, _katasAlready, failures.Count(f => f.Kind == EntityKind.Kata)),
                    new MigrationCounts(_groupsMigrated, _groupsAlready, failures.Count(f => f.Kind == EntityKind.Group)),
                    failures);
            }
        }
    }
}
