namespace Saver.Storage.Diffs;

/// <summary>What happened to a file between two sets of files (the API's "type").</summary>
public enum FileDiffType
{
    /// <summary>"created": only in the new set (OldFilename is null).</summary>
    Created,

    /// <summary>"deleted": only in the old set (NewFilename is null).</summary>
    Deleted,

    /// <summary>"renamed": paired across names by git's 50% similarity, content possibly edited.</summary>
    Renamed,

    /// <summary>"changed": same name, different content (possibly only in end-of-line whitespace).</summary>
    Changed,

    /// <summary>"unchanged": same name, same content.</summary>
    Unchanged,
}
