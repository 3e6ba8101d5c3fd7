using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Filters;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Saver.Benchmarks;

/// <summary>The BenchmarkDotNet configuration of a run: a short job, run in this process.</summary>
public static class BenchmarkConfigFactory
{
    /// <summary>
    /// Events saved per iteration, quick or not. A write merges its new pack with the
    /// kata's small packs (RepositoryWorkspace.Seal) like a binary counter: 16 writes in a row
    /// hold merges of 1, 2, 4, 8 and 16 writes' packs, as any 16 in a row do. Rarer, bigger
    /// merges are left out (bench/README.md).
    /// </summary>
    public const int SavesPerIteration = 16;

    public static IConfig Create(BenchmarkOptions options)
    {
        // In process: the benchmark starts servers (the app, Azurite) and git processes of its
        // own, and a separate benchmark process per case would only add minutes of building.
        var job = Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(options.Quick ? 2 : 5)
            // Each save changes the kata, so the number of saves between restores is fixed
            // rather than left to BenchmarkDotNet's pilot stage.
            .WithInvocationCount(SavesPerIteration)
            .WithUnrollFactor(1)
            .WithId(options.Quick ? "Quick" : "Short");

        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(job)
            .WithArtifactsPath(options.ArtifactsPath)
            .WithOptions(ConfigOptions.JoinSummary);
        if (options.Filters.Count > 0) config.AddFilter(new GlobFilter([.. options.Filters]));
        return config;
    }
}
