using System.Globalization;

namespace Saver.Benchmarks.Measurement;

/// <summary>Times of one kind of operation, in milliseconds, in the order taken.</summary>
public sealed class Latencies
{
    private readonly List<double> _times = [];

    public int Count => _times.Count;

    public IReadOnlyList<double> Times => _times;

    public void Add(double milliseconds) => _times.Add(milliseconds);

    public async Task<T> TimeAsync<T>(Func<Task<T>> operation)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await operation().ConfigureAwait(false);
        Add(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }

    /// <summary>The p-th percentile (nearest rank).</summary>
    public double Percentile(double p)
    {
        if (_times.Count == 0) return double.NaN;
        var sorted = _times.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double Median => Percentile(50);

    public double Mean => _times.Count == 0 ? double.NaN : _times.Average();

    public double Max => _times.Count == 0 ? double.NaN : _times.Max();

    public static string Ms(double milliseconds) => double.IsNaN(milliseconds) ? "-" : milliseconds.ToString("F2", CultureInfo.InvariantCulture);
}
