using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saver.Storage.Archive;

/// <summary>
/// The content of the progress blob (<see cref="DownloadArchive.ProgressBlobName"/>): the
/// last run that went through every kata, and the run under way, with how far its listing
/// got. A run that stops (a crash, the time limit) leaves <see cref="Current"/> for the next
/// run to resume.
/// </summary>
public sealed record ScheduledDownloadsProgress
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public CompletedRun? LastCompleted { get; init; }

    public CurrentRun? Current { get; init; }

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>The progress in a blob; an empty blob is a store no run has used yet.</summary>
    /// <exception cref="JsonException">Not a progress record.</exception>
    public static ScheduledDownloadsProgress Parse(ReadOnlySpan<byte> content) =>
        content.IsEmpty ? new ScheduledDownloadsProgress() : JsonSerializer.Deserialize<ScheduledDownloadsProgress>(content, Json)
            ?? new ScheduledDownloadsProgress();
}

/// <summary>A run that listed every kata.</summary>
/// <param name="Started">When it began, by the store's clock: katas changed since then are the next run's.</param>
public sealed record CompletedRun(DateTimeOffset Started, DateTimeOffset Finished, DownloadCounts Counts);

/// <summary>The run under way.</summary>
/// <param name="Started">When it began, by the store's clock (null for an instant after it was first recorded).</param>
/// <param name="Since">It archives katas modified at or after this; null: every kata.</param>
/// <param name="Page">The continuation token of the listing page it is in; null: the first page.</param>
/// <param name="After">The last blob of that page it has dealt with; null: none yet.</param>
/// <param name="Counts">What it did up to this checkpoint, over all its invocations.</param>
public sealed record CurrentRun(DateTimeOffset? Started, DateTimeOffset? Since, string? Page, string? After, DownloadCounts Counts);
