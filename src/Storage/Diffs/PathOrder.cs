using System.Text;

namespace Saver.Storage.Diffs;

/// <summary>
/// git's path order: byte-wise over UTF-8, which is Unicode code point order. (Ordinal
/// string comparison is UTF-16 code unit order, which puts U+E000..U+FFFF after the
/// supplementary planes.) Over whole paths it equals git's tree walk order.
/// </summary>
internal sealed class PathOrder : IComparer<string>
{
    public static PathOrder Instance { get; } = new();

    private PathOrder()
    {
    }

    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;

        var left = x.EnumerateRunes();
        var right = y.EnumerateRunes();
        while (true)
        {
            var hasLeft = left.MoveNext();
            var hasRight = right.MoveNext();
            if (!hasLeft || !hasRight) return hasLeft.CompareTo(hasRight);
            var order = left.Current.Value.CompareTo(right.Current.Value);
            if (order != 0) return order;
        }
    }
}
