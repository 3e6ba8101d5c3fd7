using NCrontab;
using Saver.Storage.Archive;

namespace Saver.Functions.Hosting;

/// <summary>
/// The "Saver:ScheduledDownloads" settings (environment: Saver__ScheduledDownloads__Schedule, …).
/// The schedule is read twice, the same way: by the Functions host for the timer trigger
/// (<c>%Saver:ScheduledDownloads:Schedule%</c>), and standalone by <see cref="ScheduledDownloadsScheduler"/>.
/// </summary>
public sealed class ScheduledDownloadsSettings
{
    public const string Section = SaverOptions.Section + ":ScheduledDownloads";

    /// <summary>
    /// When the job runs: an NCRONTAB expression with seconds, as Azure Functions timers take
    /// it ("0 0 3 * * *" is daily at 03:00 UTC). Empty: never, unless asked (scheduled_downloads_run).
    /// </summary>
    public string? Schedule { get; set; }

    /// <summary>Seconds a run works before it stops at a checkpoint for the next run to resume.</summary>
    public int MaxRunSeconds { get; set; } = 240;

    /// <summary>Blobs per page of the kata listing (1..5000).</summary>
    public int ListPageSize { get; set; } = 5000;

    public ScheduledDownloadsOptions ToOptions() => new()
    {
        MaxRunTime = TimeSpan.FromSeconds(MaxRunSeconds),
        ListPageSize = ListPageSize,
    };

    /// <summary>The parsed <see cref="Schedule"/>, or null when there is none.</summary>
    /// <exception cref="CrontabException">It is not a six-field NCRONTAB expression.</exception>
    public CrontabSchedule? ParsedSchedule() => string.IsNullOrWhiteSpace(Schedule)
        ? null
        : CrontabSchedule.Parse(Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
}
