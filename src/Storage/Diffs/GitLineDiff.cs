using System.Text;
using Saver.Storage.Native;

namespace Saver.Storage.Diffs;

/// <summary>
/// The line diff <c>git diff --ignore-space-at-eol --unified=&lt;all&gt;</c> gives two texts:
/// git's Myers diff with its default indent heuristic, whitespace at end of line ignored
/// (a missing final newline counts as such), one hunk of full context.
/// </summary>
public static class GitLineDiff
{
    /// <summary>Compares two texts (diffed as their UTF-8 bytes).</summary>
    public static LineDiff Compare(string oldText, string newText)
    {
        ArgumentNullException.ThrowIfNull(oldText);
        ArgumentNullException.ThrowIfNull(newText);
        return Compare(Encoding.UTF8.GetBytes(oldText), Encoding.UTF8.GetBytes(newText));
    }

    /// <summary>Compares two byte contents, e.g. blobs, without a round trip through text.</summary>
    public static LineDiff Compare(ReadOnlySpan<byte> oldContent, ReadOnlySpan<byte> newContent)
    {
        var collector = new LineDiffCollector();
        BufferDiff.Run(oldContent, newContent, BufferDiff.FullContext, collector);
        return collector.ToLineDiff();
    }

    /// <summary>Just the added and deleted line totals of <see cref="Compare(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.</summary>
    internal static (int Added, int Deleted) CountChanges(ReadOnlySpan<byte> oldContent, ReadOnlySpan<byte> newContent)
    {
        var tally = new ChangeTally();
        // Context only costs output here; no context at all gives the same +/- lines.
        BufferDiff.Run(oldContent, newContent, 0, tally);
        return (tally.Added, tally.Deleted);
    }
}
