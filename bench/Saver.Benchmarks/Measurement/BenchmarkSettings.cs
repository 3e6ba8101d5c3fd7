using Saver.Benchmarks.Infrastructure;

namespace Saver.Benchmarks.Measurement;

/// <summary>How much of each workload the benchmark runs (bench/README.md).</summary>
public sealed record BenchmarkSettings
{
    /// <summary>Saves timed for kata_ran_tests' percentiles, after a few unmeasured ones.</summary>
    public int Saves { get; init; } = 200;

    /// <summary>Saves in one kata's life from its creation (each two events: 400 saves make an 800-event kata).</summary>
    public int LifetimeSaves { get; init; } = 400;

    /// <summary>
    /// Katas lived one after another, each <see cref="LifetimeSaves"/> saves: a life's growth and
    /// slowest save are each the median of the lives', every life's shown beside it.
    /// </summary>
    public int Lives { get; init; } = 3;

    /// <summary>Katas of the group group_joined reads, and the saves each gets.</summary>
    public int GroupKatas { get; init; } = 64;

    public int GroupSaves { get; init; } = 20;

    /// <summary>Reads timed for each read's percentiles.</summary>
    public int Reads { get; init; } = 300;

    /// <summary>Fresh instances whose first kata_events of the long kata is timed.</summary>
    public int ColdInstances { get; init; } = 3;

    /// <summary>Which stores to run Saver on: "local", "azurite".</summary>
    public IReadOnlyList<string> Stores { get; init; } = ["local", "azurite"];

    public bool Baseline { get; init; } = true;

    /// <summary>How Azurite sizes its heap: roomy, so its own collections do not pause the run (bench/README.md).</summary>
    public AzuriteHeap AzuriteHeap { get; init; } = AzuriteHeap.Roomy;

    /// <summary>A smoke run: a tenth of everything, figures only indicative.</summary>
    public static BenchmarkSettings Quick { get; } = new()
    {
        Saves = 30, LifetimeSaves = 60, GroupKatas = 8, GroupSaves = 3, Reads = 40, ColdInstances = 1,
    };
}
