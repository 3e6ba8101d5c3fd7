using Saver.Storage.Diffs;

namespace Saver.Tests.Diffs;

public class PathOrderTests
{
    [Fact]
    public void Paths_sort_byte_wise_as_utf8_like_git()
    {
        string[] paths = ["b", "a/b", "a-b", "a.b", "a", "B", "é", "\uFF21", "😀", "a b"];

        var sorted = paths.Order(PathOrder.Instance).ToArray();

        // git ls-tree order: ' ' < '-' < '.' < '/' < 'B' < 'a'; U+FF21 (EF BC A1) before U+1F600 (F0 9F 98 80),
        // which ordinal UTF-16 comparison gets the other way round.
        Assert.Equal(["B", "a", "a b", "a-b", "a.b", "a/b", "b", "é", "\uFF21", "😀"], sorted);
        Assert.True(string.CompareOrdinal("\uFF21", "😀") > 0);
    }
}
