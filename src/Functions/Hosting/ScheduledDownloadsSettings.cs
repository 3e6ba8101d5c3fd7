using Saver.Storage.Archive;

namespace Saver.Functions.Hosting;

/// <summary>
/// The "Saver:ScheduledDownloads" settings (environment: Saver__ScheduledDownloads__MaxRunSeconds=600, …).
/// The schedule itself, <c>Saver__ScheduledDownloads__Schedule</c>, is read by the Functions
/// host from functions/ScheduledDownloads/function.json, not by the app.
/// </summary>
public sealed class ScheduledDownloadsSettings
{
    public const string Section = "Saver:ScheduledDownloads";

    /// <summary>Seconds a run works before it stops at a checkpoint for the next run to resume.</summary>
    public int MaxRunSeconds { get; set; } = 240;

    /// <summary>Blobs per page of the kata listing (1..5000).</summary>
    public int ListPageSize { get; set; } = 5000;

    public ScheduledDownloadsOptions ToOptions() => new()
    {
        MaxRunTime = TimeSpan.FromSeconds(Math.Max(0, MaxRunSeconds)),
        ListPageSize = Math.Clamp(ListPageSize, 1, 5000),
    };
}
