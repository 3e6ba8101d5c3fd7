using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.Json;
using Saver.Storage.Katas;
using System.Text.Json.Nodes;

namespace Saver.Storage.Migration;

/// <summary>
/// kata_migrate: turns a kata of format 0 or 1 into format 2 (see docs/migration.md). The
/// repository is built privately and stored as a new repository (its first log created
/// create-only), which format detection looks for first: until then the kata is as it was,
/// after it the kata is format 2 and complete, and of two migrations at once only one can store it.
/// The original's blobs are left as they are, a backup no read looks at while the
/// repository exists.
/// </summary>
public sealed class KataMigration(RepositoryStore repositories, IBlobStore blobs, TimeProvider time, ILogger<KataMigration> logger)
{
    /// <exception cref="UnknownIdException">No such kata.</exception>
    /// <exception cref="SaverException">A kata that cannot be migrated, and why; nothing was stored.</exception>
    public Task<KataMigrationResult> MigrateAsync(string id, CancellationToken cancellationToken = default) =>
        MigrateAsync(EntityId.TryParse(id, out var parsed) ? parsed : throw new UnknownIdException($"kata {id} does not exist"),
            cancellationToken);

    public async Task<KataMigrationResult> MigrateAsync(EntityId id, CancellationToken cancellationToken = default)
    {
        var repository = KataLayout.RepositoryName(id);
        if (await repositories.ExistsAsync(repository, cancellationToken).ConfigureAwait(false))
            return new KataMigrationResult(id, 2, Migrated: false);
        var (manifest, version) = await ReadOldManifestAsync(id, cancellationToken).ConfigureAwait(false);
        var history = await LegacyKataHistory.LoadAsync(blobs, id, version, manifest, cancellationToken).ConfigureAwait(false);
        var zone = time.LocalTimeZone;
        var stored = await repositories.CreateAsync(repository,
            edit => MigratedKataBuilder.Build(edit, history, zone), KataLayout.LogFolder(id, manifest), cancellationToken).ConfigureAwait(false);
        if (stored)
            logger.LogDebug("Migrated kata {KataId} from format {Version} to 2 ({Events} events)", id, version, history.Entries.Count);
        else
            logger.LogDebug("Kata {KataId} was migrated by another migration at the same time", id);
        return new KataMigrationResult(id, version, stored);
    }

    /// <summary>The manifest of a kata without a repository and its format, 0 or 1, with format detection's errors (docs/api.md §4.1).</summary>
    private async Task<(JsonObject Manifest, int Version)> ReadOldManifestAsync(EntityId id, CancellationToken cancellationToken)
    {
        var download = await blobs.GetAsync(KataLayout.BlobName(id, KataLayout.ManifestBlob), cancellationToken: cancellationToken)
            .ConfigureAwait(false) ?? throw new UnknownIdException($"kata {id} does not exist");
        var manifest = SaverJson.Parse(download.Content.Span) as JsonObject
            ?? throw new SaverException($"kata {id} manifest.json is not a JSON object");
        var version = KataService.ManifestVersion(manifest["version"], 0);
        return version switch
        {
            0 or 1 => (manifest, (int)version),
            2 => throw new SaverException($"kata {id} has no .git but manifest version is 2"),
            _ => throw new SaverException($"kata {id} has manifest version {version}, which is not 0, 1 or 2"),
        };
    }
}
