using Microsoft.Azure.Functions.Worker;
using Saver.Functions.Hosting;

namespace Saver.Functions.Functions;

/// <summary>
/// The ScheduledDownloads timer. The Functions host reads its schedule from the app setting
/// Saver__ScheduledDownloads__Schedule (an NCRONTAB with seconds), which its configuration
/// knows as Saver:ScheduledDownloads:Schedule, and runs it on one instance at a time.
/// </summary>
public sealed class ScheduledDownloadsFunction(ScheduledDownloadsJob job, ILogger<ScheduledDownloadsFunction> logger)
{
    [Function(ScheduledDownloadsJob.FunctionName)]
    public async Task Run([TimerTrigger("%" + ScheduledDownloadsSettings.Section + ":Schedule%")] TimerInfo timer,
        CancellationToken cancellationToken)
    {
        if (timer.IsPastDue) logger.LogWarning("{Job}: the timer is past due (an occurrence was missed)", ScheduledDownloadsJob.FunctionName);
        // A failure fails the invocation, which the host records; the next run resumes where this one got to.
        var report = await job.RunAsync(cancellationToken);
        logger.LogInformation("{Job}: {Report}", ScheduledDownloadsJob.FunctionName, report.ToJson(withLines: false).ToJsonString());
    }
}
