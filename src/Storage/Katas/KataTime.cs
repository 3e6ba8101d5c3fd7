using System.Text.Json.Nodes;

namespace Saver.Storage.Katas;

/// <summary>
/// The original's time stamp: <c>[year, month, day, hour, minute, second, microsecond]</c>
/// in the server's local time.
/// </summary>
public static class KataTime
{
    public static JsonArray Now(TimeProvider time) => From(time.GetLocalNow());

    public static JsonArray From(DateTimeOffset t) =>
        [t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, (int)(t.Ticks % TimeSpan.TicksPerSecond / TimeSpan.TicksPerMicrosecond)];

    /// <summary>The instant a stamp names, taken as being in <paramref name="offset"/>; null if it is not a stamp.</summary>
    public static DateTimeOffset? ToDateTimeOffset(JsonNode? stamp, TimeSpan offset)
    {
        if (stamp is not JsonArray a || a.Count < 6) return null;
        try
        {
            var parts = a.Select(n => n!.GetValue<int>()).ToArray();
            var t = new DateTimeOffset(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], offset);
            return parts.Length > 6 ? t.AddTicks(parts[6] * TimeSpan.TicksPerMicrosecond) : t;
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException or ArgumentOutOfRangeException or NullReferenceException)
        {
            return null;
        }
    }
}
