namespace Saver.Benchmarks.Measurement;

/// <summary>
/// A life's saves taken in windows of 50 (fewer in a short life, an eighth of it): the first
/// window against the last is the life's growth, and the windows in order show whether growth
/// climbs through the life or the machine's swings come and go.
/// </summary>
public static class LifeWindows
{
    public static int Size(Latencies times) => Math.Max(1, Math.Min(50, times.Count / 8));

    public static double First(Latencies times) => times.Times.Take(Size(times)).Average();

    public static double Last(Latencies times) => times.Times.TakeLast(Size(times)).Average();

    /// <summary>The mean of each window in order, as the report prints them.</summary>
    public static string Means(Latencies times) =>
        string.Join(" ", times.Times.Chunk(Size(times)).Select(chunk => Latencies.Ms(chunk.Average())));
}
