using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Saver.Benchmarks.Scenarios;
using Saver.Benchmarks.Suites;

namespace Saver.Benchmarks;

/// <summary>
/// <c>--lifetime N</c>: one kata's whole life, N saves in a row from its creation, timed save by
/// save. The BenchmarkDotNet suites measure 16 saves from one prepared state, which leaves out
/// the rarer, bigger pack merges a long kata goes through (bench/README.md); this run has them
/// all, at the price of being a single pass (no warm-up, no repeats), so it is indicative.
/// </summary>
internal static class KataLifetimeRun
{
    private static readonly Type[] Suites = [typeof(BaselineDiskGit), typeof(HttpLocalStore), typeof(HttpAzurite)];

    public static async Task<int> RunAsync(int saves, CancellationToken cancellationToken)
    {
        const int Blocks = 4;
        var blockSize = Math.Max(1, saves / Blocks);
        Console.WriteLine($"One kata's life: {saves} saves (kata_ran_tests with one edit, 2 events each) from its creation, mean ms per save");
        Console.WriteLine();
        var header = string.Join(" | ", Enumerable.Range(0, Blocks).Select(b => $"saves {b * blockSize + 1}-{(b + 1) * blockSize}".PadLeft(14)));
        Console.WriteLine($"{"Scenario",-60} | {header} | {"all",8} | {"slowest",8}");
        foreach (var suite in Suites)
        {
            var scenario = ((SaveEventSuite)Activator.CreateInstance(suite)!).CreateScenarioForLifetime();
            await using (scenario)
            {
                await scenario.PrepareAsync(1, cancellationToken);
                var times = new List<double>(saves);
                for (var i = 0; i < blockSize * Blocks; i++)
                {
                    var watch = Stopwatch.StartNew();
                    await scenario.SaveEventAsync(cancellationToken);
                    times.Add(watch.Elapsed.TotalMilliseconds);
                }
                var blocks = Enumerable.Range(0, Blocks).Select(b => Mean(times.Skip(b * blockSize).Take(blockSize)).PadLeft(14));
                var title = suite.GetCustomAttribute<ScenarioAttribute>()!.Title;
                Console.WriteLine($"{title,-60} | {string.Join(" | ", blocks)} | {Mean(times),8} | {times.Max().ToString("F1", CultureInfo.InvariantCulture),8}");
            }
        }
        return 0;
    }

    private static string Mean(IEnumerable<double> times) => times.Average().ToString("F1", CultureInfo.InvariantCulture);
}
