namespace Saver.Storage.Diffs;

/// <summary>Which side(s) of a two-way line diff a line belongs to.</summary>
public enum DiffLineKind
{
    /// <summary>In both texts (git's context line; equal up to end-of-line whitespace).</summary>
    Same,

    /// <summary>Only in the old text.</summary>
    Deleted,

    /// <summary>Only in the new text.</summary>
    Added,
}
