using System.Text;
using Saver.Storage.Json;

namespace Saver.Tests.Json;

/// <summary>RubyBase64.Encode64 against answers of Ruby's Base64.encode64.</summary>
public class RubyBase64Tests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("a", "YQ==\n")]
    [InlineData("ab", "YWI=\n")]
    [InlineData("abc", "YWJj\n")]
    [InlineData("Hello, World!", "SGVsbG8sIFdvcmxkIQ==\n")]
    public void Short_input_is_one_line_ending_in_a_newline(string text, string expected) =>
        Assert.Equal(expected, RubyBase64.Encode64(Encoding.UTF8.GetBytes(text)));

    [Fact]
    public void Every_45_bytes_make_a_line_of_60_characters()
    {
        var fortyFive = string.Concat(Enumerable.Repeat("eHh4", 15));
        Assert.Equal(fortyFive + "\n", RubyBase64.Encode64(Encoding.ASCII.GetBytes(new string('x', 45))));
        Assert.Equal(fortyFive + "\neA==\n", RubyBase64.Encode64(Encoding.ASCII.GetBytes(new string('x', 46))));
        Assert.Equal(fortyFive + "\n" + fortyFive + "\n", RubyBase64.Encode64(Encoding.ASCII.GetBytes(new string('x', 90))));
    }

    [Fact]
    public void Without_its_newlines_it_is_standard_base64()
    {
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();
        var encoded = RubyBase64.Encode64(bytes);
        Assert.Equal(Convert.ToBase64String(bytes), encoded.Replace("\n", ""));
        Assert.Equal(bytes, Convert.FromBase64String(encoded));
    }
}
