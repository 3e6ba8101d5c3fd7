namespace Saver.Storage.Blobs.Rules;

/// <summary>
/// Azure reports Last-Modified as an HTTP date, to the whole second. The emulating stores
/// round the same way so that nothing tested against them can come to rely on finer times.
/// </summary>
internal static class LastModifiedClock
{
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }
}
