using System.Globalization;
using System.Reflection;
using System.Text;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
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
        "it is not the original Ruby service, which is not available here. Ratio = scenario mean / baseline mean (< 1 is faster).";

    public sealed record Row(string Scenario, string Unit, int EventsBefore, double? MeanMilliseconds, bool IsBaseline);

    public static IReadOnlyList<Row> Rows(IEnumerable<Summary> summaries) =>
        [.. summaries.SelectMany(s => s.BenchmarksCases.Select(c => ToRow(c, s[c])))];

    public static string Format(IReadOnlyList<Row> rows)
    {
        var baselines = rows.Where(r => r.IsBaseline && r.MeanMilliseconds is not null)
            .ToDictionary(r => r.EventsBefore, r => r.MeanMilliseconds!.Value);
        var table = new List<string[]> { new[] { "Scenario", "Events in kata", "Mean ms", "Per", "Ratio to baseline" } };
        foreach (var row in rows.OrderBy(r => r.Unit == "read").ThenByDescending(r => r.IsBaseline).ThenBy(r => r.EventsBefore))
        {
            var mean = row.MeanMilliseconds is { } ms ? ms.ToString("F2", CultureInfo.InvariantCulture) : "failed";
            table.Add([row.Scenario, row.EventsBefore.ToString(CultureInfo.InvariantCulture), mean, row.Unit, Ratio(row, baselines)]);
        }

        var widths = Enumerable.Range(0, table[0].Length).Select(i => table.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var (cells, n) in table.Select((r, n) => (r, n)))
        {
            text.AppendLine(string.Join(" | ", cells.Select((c, i) => i is 1 or 2 ? c.PadLeft(widths[i]) : c.PadRight(widths[i]))).TrimEnd());
            if (n == 0) text.AppendLine(string.Join("-|-", widths.Select(w => new string('-', w))));
        }
        return text.ToString();
    }

    private static string Ratio(Row row, Dictionary<int, double> baselines)
    {
        if (row.Unit != "event") return "n/a (no baseline read)";
        if (row.MeanMilliseconds is not { } mean || !baselines.TryGetValue(row.EventsBefore, out var baseline)) return "-";
        if (row.IsBaseline) return "1.00 (baseline)";
        var ratio = mean / baseline;
        var words = ratio <= 1
            ? $"{1 / ratio:F1}x faster"
            : $"{ratio:F1}x slower";
        return string.Create(CultureInfo.InvariantCulture, $"{ratio:F2} ({words})");
    }

    private static Row ToRow(BenchmarkCase benchmark, BenchmarkReport? report)
    {
        var scenario = benchmark.Descriptor.WorkloadMethod.GetCustomAttribute<ScenarioAttribute>()
            ?? benchmark.Descriptor.Type.GetCustomAttribute<ScenarioAttribute>()
            ?? new ScenarioAttribute(benchmark.Descriptor.DisplayInfo);
        var events = benchmark.Parameters.Items.FirstOrDefault(p => p.Name == "EventsBefore")?.Value is int n ? n : 0;
        // Nanoseconds per operation; an operation is one benchmark call, i.e. one saved event or one read.
        double? mean = report?.ResultStatistics?.Mean is { } ns ? ns / 1e6 : null;
        return new Row(scenario.Title, scenario.Unit, events, mean, scenario.IsBaseline);
    }
}
