using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;

namespace Saver.Storage.Import;

/// <summary>
/// Loads data folders of the original saver (holding <c>katas/</c>, <c>groups/</c> and
/// <c>clusters/</c>, as under its <c>/cyber-dojo</c>) into the blob store, laid out as
/// docs/storage-layout.md says: a format-2 kata's git repository becomes its
/// <c>repository.tar</c> beside its <c>manifest.json</c>; every other file keeps its relative
/// path, and an empty folder becomes <c>&lt;folder&gt;/.dir</c>. Blobs are created only when
/// absent, so importing again changes nothing and never overwrites what was written since.
/// </summary>
public sealed class DataFolderImporter(IBlobStore blobs, ILogger<DataFolderImporter> logger, ImportOptions? options = null)
{
    public static readonly string[] TopFolders = ["katas", "groups", "clusters"];

    private const int ProgressEvery = 500;

    private readonly ImportOptions _options = options ?? new ImportOptions();

    /// <summary>
    /// Imports each input (a data folder, a folder holding <c>cyber-dojo/</c>, or a tar/.tgz of
    /// either; see <see cref="DataSource"/>). Every input is read, checked and converted before
    /// anything is stored, so an input that is refused stores nothing.
    /// </summary>
    /// <exception cref="ImportException">An input is refused; nothing was stored.</exception>
    public async Task<ImportSummary> ImportAsync(IReadOnlyList<string> inputs, CancellationToken cancellationToken = default)
    {
        var work = Path.Combine(_options.WorkDirectory ?? Path.GetTempPath(), "saver-import-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(work);
        try
        {
            var skipped = 0;
            var planner = new DataFolderPlanner(work, logger);
            var entities = new List<PlannedEntity>();
            foreach (var input in inputs)
            {
                ImportLog.Reading(logger, input);
                var source = DataSource.Open(input, work, _options, cancellationToken);
                var folders = planner.FindEntities(source.Root, path =>
                {
                    skipped++;
                    ImportLog.Skipped(logger, path);
                });
                ImportLog.Found(logger, input, folders.Count, source.Root);
                entities.AddRange(PlanAll(planner, input, folders, cancellationToken));
            }
            var (created, present) = await StoreAsync(entities, cancellationToken).ConfigureAwait(false);
            var summary = Summarize(entities, created, present, skipped);
            ImportLog.Done(logger, summary);
            return summary;
        }
        finally
        {
            DeleteFolder(work);
        }
    }

    /// <summary>
    /// Imports the files under <paramref name="root"/> as they are, at the same relative paths
    /// (a format-2 kata's .git included); returns how many blobs were created.
    /// </summary>
    public async Task<int> ImportFilesAsync(string root, CancellationToken cancellationToken = default)
    {
        var created = 0;
        foreach (var top in TopFolders)
        {
            var folder = Path.Combine(root, top);
            if (!Directory.Exists(folder)) continue;
            foreach (var (relative, path) in DataFolderPlanner.PlainFiles(folder, top))
            {
                var content = path is null ? [] : await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                if (await CreateIfAbsentAsync(relative, content, cancellationToken).ConfigureAwait(false)) created++;
            }
        }
        logger.LogInformation("Imported {Count} new blobs from {Root}", created, root);
        return created;
    }

    private PlannedEntity[] PlanAll(DataFolderPlanner planner, string input, List<EntityFolder> folders, CancellationToken cancellationToken)
    {
        var planned = new PlannedEntity[folders.Count];
        var done = 0;
        // Converting a repository is CPU and local disk work, independent per kata.
        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Clamp(_options.Parallelism, 1, Environment.ProcessorCount),
            CancellationToken = cancellationToken,
        };
        try
        {
            Parallel.For(0, folders.Count, parallel, i =>
            {
                planned[i] = planner.Plan(folders[i]);
                if (Interlocked.Increment(ref done) % ProgressEvery == 0) ImportLog.Read(logger, done, folders.Count, input);
            });
        }
        catch (AggregateException e)
        {
            // The first refusal says what is wrong with the input better than "one or more errors".
            ExceptionDispatchInfo.Capture(e.InnerExceptions.FirstOrDefault(x => x is ImportException) ?? e.InnerExceptions[0]).Throw();
        }
        return planned;
    }

    private async Task<(int Created, int Present)> StoreAsync(List<PlannedEntity> entities, CancellationToken cancellationToken)
    {
        int created = 0, present = 0, done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.Parallelism), CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(entities, parallel, async (entity, ct) =>
        {
            // One entity's blobs in order (see PlannedEntity); entities side by side.
            foreach (var blob in entity.Blobs)
            {
                var content = blob.SourceFile is null ? [] : await File.ReadAllBytesAsync(blob.SourceFile, ct).ConfigureAwait(false);
                if (await CreateIfAbsentAsync(blob.Name, content, ct).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref created);
                }
                else
                {
                    Interlocked.Increment(ref present);
                    ImportLog.AlreadyPresent(logger, blob.Name);
                }
            }
            var n = Interlocked.Increment(ref done);
            if (n % ProgressEvery == 0) ImportLog.Stored(logger, n, entities.Count);
        }).ConfigureAwait(false);
        return (created, present);
    }

    private static ImportSummary Summarize(List<PlannedEntity> entities, int created, int present, int skipped)
    {
        // An entity found in two inputs is one entity.
        var distinct = entities.DistinctBy(e => (e.Kind, e.Id)).ToList();
        Dictionary<int, int> ByFormat(EntityKind kind) =>
            distinct.Where(e => e.Kind == kind).GroupBy(e => e.Format).ToDictionary(g => g.Key, g => g.Count());
        return new ImportSummary(ByFormat(EntityKind.Kata), ByFormat(EntityKind.Group),
            distinct.Count(e => e.Kind == EntityKind.Cluster), created, present, skipped);
    }

    private async Task<bool> CreateIfAbsentAsync(string blobName, byte[] content, CancellationToken cancellationToken)
    {
        // A kata's repository imported before may since have been converted to a log (its
        // single blob deleted): it is present all the same.
        if (blobName.EndsWith("/" + Katas.KataLayout.RepositoryBlob, StringComparison.Ordinal) &&
            await blobs.GetPropertiesAsync(new Git.RepositoryLayout(blobName[..^Katas.KataLayout.RepositoryBlob.Length]).Head, cancellationToken)
                .ConfigureAwait(false) is not null)
            return false;
        try
        {
            await blobs.PutAsync(blobName, content, BlobConditions.CreateOnly, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (BlobConditionFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            return false;
        }
    }

    private static void DeleteFolder(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
