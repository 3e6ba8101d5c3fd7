namespace Saver.Benchmarks;

/// <summary>What the command line asked for.</summary>
/// <param name="Quick">A smoke run: fewer iterations, figures only indicative.</param>
/// <param name="Filters">Glob patterns on Type.Method names (e.g. *Baseline*); empty means every benchmark.</param>
/// <param name="ArtifactsPath">Where BenchmarkDotNet writes its logs and reports.</param>
public sealed record BenchmarkOptions(bool Quick, IReadOnlyList<string> Filters, string ArtifactsPath);
