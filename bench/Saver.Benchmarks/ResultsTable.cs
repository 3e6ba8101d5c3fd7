using System.Globalization;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Saver.Benchmarks.Infrastructure;
using Saver.Benchmarks.Suites;

namespace Saver.Benchmarks;

/// <summary>
/// The short table printed at the end of a run: each scenario, the events its kata held,
/// the mean time per saved event (or per read) and the ratio to the baseline's mean for a
/// kata of the same size.
/// </summary>
public static class ResultsTable
{
    public const string BaselineNote =
        "The baseline is a RE-CREATION of how the original saver stores an event (files in a git working tree on local disk,\n" +
        "then `git add -A`, `git commit`, `git tag` as separate git processes, for the file_edit and again for the light);\n" +
        "it is not the original Ruby service, which is not available here. Ratio = scenario mean / baseline mean (< 1 is faster).\n" +
        "CPU ms: CPU time per operation of every process involved (this one, git, Azurite): steadier than wall time on a busy machine.";

    public sealed record Row(string Scenario, string Unit, int EventsBefore, double? MeanMilliseconds, double? CpuMilliseconds, bool IsBaseline);

    /// <param name="cpuFolder">Where the benchmarks left their CPU times (<see cref="CpuMeter"/>).</param>
    public static IReadOnlyList<Row> Rows(IEnumerable<Summary> summaries, string cpuFolder) =>
        [.. summaries.SelectMany(s => s.BenchmarksCases.Select(c => ToRow(c, s[c], cpuFolder)))];

    public static string Format(IReadOnlyList<Row> rows)
    {
        var baselines = rows.Where(r => r.IsBaseline).ToDictionary(r => r.EventsBefore);
        var table = new List<string[]> { new[] { "Scenario", "Events in kata", "Per", "Mean ms", "Ratio to baseline", "CPU ms", "CPU ratio" } };
        foreach (var row in rows.OrderBy(r => r.Unit == "read").ThenBy(r => r.EventsBefore).ThenByDescending(r => r.IsBaseline))
        {
            baselines.TryGetValue(row.EventsBefore, out var baseline);
            table.Add(
            [
                row.Scenario, row.EventsBefore.ToString(CultureInfo.InvariantCulture), row.Unit,
                Milliseconds(row.MeanMilliseconds, "failed"), Ratio(row, row.MeanMilliseconds, baseline?.MeanMilliseconds, words: true),
                Milliseconds(row.CpuMilliseconds, "-"), Ratio(row, row.CpuMilliseconds, baseline?.CpuMilliseconds, words: false),
            ]);
        }

        var widths = Enumerable.Range(0, table[0].Length).Select(i => table.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var (cells, n) in table.Select((r, n) => (r, n)))
        {
            text.AppendLine(string.Join(" | ", cells.Select((c, i) => i is 1 or 3 or 5 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
            if (n == 0) text.AppendLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        }
        return text.ToString();
    }

    private static string Milliseconds(double? ms, string missing) =>
        ms is { } value ? value.ToString("F2", CultureInfo.InvariantCulture) : missing;

    private static string Ratio(Row row, double? value, double? baseline, bool words)
    {
        if (row.Unit != "event") return words ? "n/a (no baseline read)" : "";
        if (value is not { } v || baseline is not { } b || b <= 0) return "-";
        if (row.IsBaseline) return words ? "1.00 (baseline)" : "1.00";
        var ratio = v / b;
        if (!words) return ratio.ToString("F2", CultureInfo.InvariantCulture);
        var comparison = ratio <= 1 ? $"{1 / ratio:F1}x faster" : $"{ratio:F1}x slower";
        return string.Create(CultureInfo.InvariantCulture, $"{ratio:F2} ({comparison})");
    }

    private static Row ToRow(BenchmarkCase benchmark, BenchmarkReport? report, string cpuFolder)
    {
        var scenario = benchmark.Descriptor.WorkloadMethod.GetCustomAttribute<ScenarioAttribute>()
            ?? benchmark.Descriptor.Type.GetCustomAttribute<ScenarioAttribute>()
            ?? new ScenarioAttribute(benchmark.Descriptor.DisplayInfo);
        var events = benchmark.Parameters.Items.FirstOrDefault(p => p.Name == "EventsBefore")?.Value is int n ? n : 0;
        // Nanoseconds per operation; an operation is one benchmark call, i.e. one saved event or one read.
        double? mean = report?.ResultStatistics?.Mean is { } ns ? ns / 1e6 : null;
        var cpu = CpuMeter.Load(cpuFolder, $"{benchmark.Descriptor.Type.Name}.{benchmark.Descriptor.WorkloadMethod.Name}", events);
        return new Row(scenario.Title, scenario.Unit, events, mean, mean is null ? null : cpu, scenario.IsBaseline);
    }
}
