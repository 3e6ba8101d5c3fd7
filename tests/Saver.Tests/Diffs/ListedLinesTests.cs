using Saver.Storage.Diffs;

namespace Saver.Tests.Diffs;

public class ListedLinesTests
{
    [Theory]
    [InlineData("", new string[0])]
    [InlineData("\n\n", new string[0])]
    [InlineData("x", new[] { "x" })]
    [InlineData("x\n\n\n", new[] { "x" })]
    [InlineData("a\n\nb", new[] { "a", "", "b" })]
    [InlineData("a\r\nb\r\n", new[] { "a\r", "b\r" })]
    [InlineData("a\n\r\n", new[] { "a", "\r" })]
    [InlineData("a\r", new[] { "a\r" })]
    [InlineData(" x \n", new[] { " x " })]
    public void Split_on_newlines_dropping_trailing_empty_pieces(string content, string[] lines)
    {
        Assert.Equal(lines, ListedLines.Of(content));
    }
}
