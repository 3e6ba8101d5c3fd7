namespace Saver.Storage.Archive;

/// <summary>How a run of <see cref="ScheduledDownloads"/> works.</summary>
public sealed record ScheduledDownloadsOptions
{
    /// <summary>
    /// After this long a run stops at its next checkpoint and the next run resumes there, so
    /// one invocation stays inside the Functions host's time limit (5 minutes by default on
    /// a consumption plan). A run always gets at least one kata done.
    /// </summary>
    public TimeSpan MaxRunTime { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>Blobs asked for per page of the kata listing (1..5000).</summary>
    public int ListPageSize { get; init; } = 5000;

    /// <summary>The run's lease on the progress blob (15..60 s, renewed while it works).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(30);
}
