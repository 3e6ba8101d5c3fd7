namespace Saver.Storage.Katas;

/// <summary>How many katas one request reads at once (group_joined, katas_events).</summary>
public static class FanOut
{
    /// <summary>
    /// A group holds at most 64 avatars, so a whole dashboard is read in one wave: one round
    /// trip to the store rather than 64. The bound keeps one request from flooding the store
    /// (or the cache's loading) with an unbounded list of ids.
    /// </summary>
    public const int ReadsAtOnce = 64;
}
