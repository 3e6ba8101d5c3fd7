using System.Text;
using Saver.Storage;
using Saver.Storage.Groups;

namespace Saver.Tests.Groups;

public class KatasFileTests
{
    [Fact]
    public void Lines_are_read_in_order_and_blank_lines_skipped()
    {
        var members = KatasFile.Parse("BmDZfs 0\nNnuQNX 58\n\n3EW9Wp 6\n");
        Assert.Equal([new GroupMember("BmDZfs", 0), new GroupMember("NnuQNX", 58), new GroupMember("3EW9Wp", 6)], members);
        Assert.Empty(KatasFile.Parse(""));
    }

    [Theory]
    [InlineData("BmDZfs\n")]
    [InlineData("BmDZfs 64\n")]
    [InlineData("BmDZfs -1\n")]
    [InlineData("BmDZfs 07\n")]
    [InlineData("BmDZf 7\n")]
    [InlineData("BmDZfs 7 8\n")]
    public void A_line_that_is_not_an_id_and_an_avatar_index_is_an_error(string text)
    {
        var e = Assert.Throws<SaverException>(() => KatasFile.Parse(text));
        Assert.StartsWith("katas.txt has a line that is not \"<kata id> <index>\"", e.Message);
    }

    [Theory]
    [InlineData("", "rUqcey 26\n")]
    [InlineData("BmDZfs 0\n", "BmDZfs 0\nrUqcey 26\n")]
    [InlineData("BmDZfs 0", "BmDZfs 0\nrUqcey 26\n")]
    public void Appending_adds_one_whole_line(string before, string after)
    {
        var appended = KatasFile.Append(Encoding.UTF8.GetBytes(before), new GroupMember("rUqcey", 26));
        Assert.Equal(after, Encoding.UTF8.GetString(appended));
    }
}
