using Microsoft.Extensions.Options;
using NCrontab;
using Saver.Storage.Archive;

namespace Saver.Functions.Hosting;

/// <summary>
/// The ScheduledDownloads timer of a standalone Saver (run.sh, a self-hosted server): the job
/// run on the same NCRONTAB schedule the Functions host reads for the timer trigger, in UTC as
/// Functions timers are. Several instances on one store may all run it: a run holds a lease,
/// and one that finds it taken does nothing.
/// </summary>
public sealed class ScheduledDownloadsScheduler(IOptions<SaverOptions> options, ScheduledDownloadsJob job, TimeProvider time,
    ILogger<ScheduledDownloadsScheduler> logger) : BackgroundService
{
    /// <summary>Task.Delay takes at most about 24 days; a later occurrence is waited for in steps.</summary>
    private static readonly TimeSpan LongestWait = TimeSpan.FromDays(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var schedule = options.Value.ScheduledDownloads.ParsedSchedule();
        if (schedule is null)
        {
            logger.LogInformation("{Job}: no schedule ({Setting} is empty); it runs only when asked", ScheduledDownloadsJob.FunctionName,
                ScheduledDownloadsSettings.Section + ":Schedule");
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            var next = schedule.GetNextOccurrence(time.GetUtcNow().UtcDateTime);
            logger.LogInformation("{Job}: next run at {Next:u}", ScheduledDownloadsJob.FunctionName, next);
            try
            {
                await WaitUntilAsync(next, stoppingToken);
                var report = await job.RunAsync(stoppingToken);
                logger.LogInformation("{Job}: {Report}", ScheduledDownloadsJob.FunctionName, report.ToJson(withLines: false).ToJsonString());
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The next occurrence resumes where this run got to.
                logger.LogError(e, "{Job} failed", ScheduledDownloadsJob.FunctionName);
            }
        }
    }

    private async Task WaitUntilAsync(DateTime utc, CancellationToken cancellationToken)
    {
        while (true)
        {
            var left = utc - time.GetUtcNow().UtcDateTime;
            if (left <= TimeSpan.Zero) return;
            await Task.Delay(left < LongestWait ? left : LongestWait, time, cancellationToken);
        }
    }
}
