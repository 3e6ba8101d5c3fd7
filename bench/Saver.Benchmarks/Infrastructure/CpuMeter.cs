using System.Diagnostics;
using System.Globalization;

namespace Saver.Benchmarks.Infrastructure;

/// <summary>
/// Adds up the CPU time (<see cref="CpuTime"/>) of measured stretches and the operations in
/// them, so a benchmark can report CPU per operation beside BenchmarkDotNet's wall time.
/// </summary>
public sealed class CpuMeter(Func<IEnumerable<Process>> helpers)
{
    /// <summary>The environment variable naming the folder for <see cref="Save"/>, set by the benchmark program for its run.</summary>
    public const string FolderVariable = "SAVER_BENCH_CPU_FOLDER";

    private TimeSpan? _startedAt;
    private long _operationsAtStart;

    public TimeSpan Total { get; private set; }

    public long Operations { get; private set; }

    public void Start(long operationsSoFar)
    {
        if (!CpuTime.IsSupported) return;
        _operationsAtStart = operationsSoFar;
        _startedAt = CpuTime.Used(helpers());
    }

    public void Stop(long operationsSoFar)
    {
        if (_startedAt is not { } start) return;
        Total += CpuTime.Used(helpers()) - start;
        Operations += operationsSoFar - _operationsAtStart;
        _startedAt = null;
    }

    /// <summary>
    /// Leaves the totals in <paramref name="folder"/> for the results table (BenchmarkDotNet's
    /// summary has wall times only). Nothing when the folder is null or nothing was measured.
    /// </summary>
    public void Save(string benchmark, int eventsBefore)
    {
        var folder = Environment.GetEnvironmentVariable(FolderVariable);
        if (string.IsNullOrEmpty(folder) || Operations == 0) return;
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, RecordName(benchmark, eventsBefore)),
            string.Create(CultureInfo.InvariantCulture, $"{Total.TotalMilliseconds} {Operations}\n"));
    }

    /// <summary>CPU milliseconds per operation that <see cref="Save"/> left, or null.</summary>
    public static double? Load(string folder, string benchmark, int eventsBefore)
    {
        var path = Path.Combine(folder, RecordName(benchmark, eventsBefore));
        if (!File.Exists(path)) return null;
        var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.TrimEntries);
        return double.Parse(parts[0], CultureInfo.InvariantCulture) / long.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// "Type.Method" of a benchmark as the results table names it: the suite's own type, not
    /// the type BenchmarkDotNet's in-process toolchain derives from it at run time.
    /// </summary>
    public static string BenchmarkName(object suite, string method)
    {
        var type = suite.GetType();
        while (type.Assembly != typeof(CpuMeter).Assembly && type.BaseType is { } parent) type = parent;
        return $"{type.Name}.{method}";
    }

    private static string RecordName(string benchmark, int eventsBefore) => $"{benchmark}-{eventsBefore}.cpu";
}
