using Saver.Storage.Import;

namespace Saver.Functions.Hosting;

/// <summary>
/// <c>--import PATH …</c>: loads data of the original saver into the configured store before
/// the app serves, and prints what it did. Run it again at will: it only adds what is missing.
/// </summary>
public sealed class ImportCommand(DataFolderImporter importer, BlobStoreFactory stores, ILogger<ImportCommand> logger)
{
    public const int Failed = 1;

    /// <summary>The import's settings (<see cref="ImportOptions"/>: work folder, archive limits), as Saver:Import:WorkDirectory and so on.</summary>
    public const string OptionsSection = SaverOptions.Section + ":Import";

    /// <summary>Imports <paramref name="paths"/>; returns 0, or <see cref="Failed"/> after saying why on <paramref name="error"/>.</summary>
    public async Task<int> RunAsync(IReadOnlyList<string> paths, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            // The container is made by a hosted service when the app starts, which is after this.
            await stores.EnsureStoreContainerAsync(cancellationToken);
            var summary = await importer.ImportAsync(paths, cancellationToken);
            await output.WriteLineAsync($"saver: imported {string.Join(", ", paths)}: {summary}");
            return 0;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Import of {Paths} failed", string.Join(", ", paths));
            var why = e is ImportException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            await error.WriteLineAsync($"saver: import of {string.Join(", ", paths)} failed: {why}");
            return Failed;
        }
    }
}
