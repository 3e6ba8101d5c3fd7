namespace Saver.Storage.Diffs;

/// <summary>A file diff's "line_counts".</summary>
public readonly record struct LineCounts(int Added, int Deleted, int Same);
