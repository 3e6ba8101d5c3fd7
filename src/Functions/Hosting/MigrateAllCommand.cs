using System.Globalization;
using Saver.Storage.Migration;

namespace Saver.Functions.Hosting;

/// <summary>
/// <c>--migrate-all</c>: before the app serves, migrates every kata and group of format 0 or
/// 1 in the configured store to format 2, with a progress bar on stderr and a summary on
/// stdout. Failures are reported and left as they were; the app then serves either way,
/// since an old-format kata is still readable. Running it again only does what is left.
/// </summary>
public sealed class MigrateAllCommand(StoreMigration migration, BlobStoreFactory stores, TimeProvider time, ILogger<MigrateAllCommand> logger)
{
    public const string Option = "--migrate-all";

    /// <summary>
    /// Takes the option out of <paramref name="args"/>, which go on to the host: its command
    /// line would read the argument after a bare <c>--migrate-all</c> as its value.
    /// </summary>
    public static bool TakeOption(ref string[] args)
    {
        if (!args.Contains(Option, StringComparer.Ordinal)) return false;
        args = [.. args.Where(a => a != Option)];
        return true;
    }

    /// <summary>Runs on the console: the bar redrawn in place when stderr is a terminal.</summary>
    public Task<MigrationSummary?> RunAsync(CancellationToken cancellationToken) =>
        RunAsync(Console.Error, !Console.IsErrorRedirected, Console.Out, cancellationToken);

    /// <returns>The summary, or null when the store could not be listed at all.</returns>
    public async Task<MigrationSummary?> RunAsync(TextWriter progressWriter, bool interactive, TextWriter output, CancellationToken cancellationToken)
    {
        var bar = new MigrationProgressBar(progressWriter, interactive, time);
        try
        {
            // The container is made by a hosted service when the app starts, which is after this.
            await stores.EnsureStoreContainerAsync(cancellationToken);
            var summary = await migration.MigrateAllAsync(bar.Show, cancellationToken);
            bar.Finish();
            foreach (var line in Describe(summary)) await output.WriteLineAsync(line);
            await output.FlushAsync(cancellationToken);
            return summary;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            bar.Finish();
            logger.LogError(e, "Migrating the store failed");
            await output.WriteLineAsync($"saver: migrate-all failed: {e.Message}");
            return null;
        }
    }

    /// <summary>The summary's lines: the counts, then each failure with its reason.</summary>
    public static IEnumerable<string> Describe(MigrationSummary summary)
    {
        yield return $"saver: migrate-all: katas: {Counts(summary.Katas)}; groups: {Counts(summary.Groups)}";
        foreach (var failure in summary.Failures)
            yield return $"saver: migrate-all: {failure.Kind.ToString().ToLowerInvariant()} {failure.Id} failed: {failure.Reason}";
    }

    private static string Counts(MigrationCounts counts) => string.Create(CultureInfo.InvariantCulture,
        $"{counts.Migrated} migrated, {counts.AlreadyFormat2} already format 2, {counts.Failed} failed");
}
