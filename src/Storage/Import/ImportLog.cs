using Microsoft.Extensions.Logging;

namespace Saver.Storage.Import;

/// <summary>What an import tells the log.</summary>
internal static partial class ImportLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Import: reading {Input}")]
    public static partial void Reading(ILogger logger, string input);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import: {Input} holds {Entities} entities (katas, groups, clusters) under {Root}")]
    public static partial void Found(ILogger logger, string input, int entities, string root);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Import: skipped {Path}: it is no kata, group or cluster folder")]
    public static partial void Skipped(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import: read {Done} of {Total} entities of {Input}")]
    public static partial void Read(ILogger logger, int done, int total, string input);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import: stored {Done} of {Total} entities")]
    public static partial void Stored(ILogger logger, int done, int total);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Import: {Blob} exists already; left as it is")]
    public static partial void AlreadyPresent(ILogger logger, string blob);

    [LoggerMessage(Level = LogLevel.Information, Message = "Import done: {Summary}")]
    public static partial void Done(ILogger logger, ImportSummary summary);
}
