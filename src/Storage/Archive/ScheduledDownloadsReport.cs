using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;

namespace Saver.Storage.Archive;

/// <summary>
/// What one invocation of <see cref="ScheduledDownloads"/> did: its counts, whether the run
/// is complete, and its progress lines, which also go to the log as they happen.
/// </summary>
public sealed class ScheduledDownloadsReport(ILogger logger)
{
    private readonly List<string> _lines = [];

    /// <summary>This invocation's counts (a resumed run's earlier invocations are not in them).</summary>
    public DownloadCounts Counts { get; } = new();

    /// <summary>The run went through every kata; the next one starts afresh.</summary>
    public bool Completed { get; internal set; }

    /// <summary>Another invocation held the run's lease, so this one did nothing.</summary>
    public bool Busy { get; internal set; }

    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines) return [.. _lines];
        }
    }

    internal void Info(string line) => Add(LogLevel.Information, line, null);

    internal void Warn(string line, Exception? error = null) => Add(LogLevel.Warning, line, error);

    internal void Error(string line, Exception error) => Add(LogLevel.Error, line, error);

    private void Add(LogLevel level, string line, Exception? error)
    {
        lock (_lines) _lines.Add(line);
        logger.Log(level, error, "Scheduled downloads: {Progress}", line);
    }

    /// <summary>The report as JSON: the counts, completed and busy, and the lines when <paramref name="withLines"/>.</summary>
    public JsonObject ToJson(bool withLines)
    {
        var json = new JsonObject
        {
            ["completed"] = Completed,
            ["busy"] = Busy,
            ["archived"] = Counts.Archived,
            ["already_archived"] = Counts.AlreadyArchived,
            ["unchanged"] = Counts.Unchanged,
            ["old_format"] = Counts.OldFormat,
            ["failed"] = Counts.Failed,
        };
        if (withLines) json["log"] = new JsonArray([.. Lines.Select(l => (JsonNode?)l)]);
        return json;
    }
}

/// <summary>A run that stopped on a failure (the store, a lost lease); its report says how far it got. The next run resumes.</summary>
public sealed class ScheduledDownloadsException(string message, ScheduledDownloadsReport report, Exception inner)
    : SaverException(message, inner)
{
    public ScheduledDownloadsReport Report { get; } = report;
}
