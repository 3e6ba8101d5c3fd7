using Saver.Benchmarks.Measurement;
using Saver.Benchmarks.Scenarios;

namespace Saver.Benchmarks.Runs;

/// <summary>
/// The baseline (<see cref="BaselineDiskGitScenario"/>, a re-creation of the original's disk +
/// git command line way): one kata's life from its creation, each save timed.
/// </summary>
public static class BaselineRun
{
    public static async Task<Latencies> RunAsync(int saves, TextWriter log, CancellationToken cancellationToken)
    {
        log.WriteLine($"  baseline: one kata's life, {saves} saves");
        await using var scenario = new BaselineDiskGitScenario();
        await scenario.PrepareAsync(1, cancellationToken).ConfigureAwait(false);
        var times = new Latencies();
        for (var i = 0; i < saves; i++)
            await times.TimeAsync(async () =>
            {
                await scenario.SaveEventAsync(cancellationToken).ConfigureAwait(false);
                return true;
            }).ConfigureAwait(false);
        return times;
    }
}
