using System.Text;
using System.Text.Json.Nodes;
using FsCheck.Xunit;
using Saver.Storage.Json;
using Saver.Storage.Katas;

namespace Saver.Tests.Katas;

/// <summary>An event log appended to is byte for byte what writing the whole array would give, and finds resends as a full scan would.</summary>
public sealed class KataEventLogTests
{
    private static JsonObject Entry(int index, string text, int number, bool flag) => new()
    {
        ["index"] = index,
        ["colour"] = text,
        ["time"] = new JsonArray(2026, 12, number, 10, 0, 0, 0),
        ["tab_seq"] = number,
        ["predicted"] = flag ? "red" : null,
        ["nested"] = new JsonObject { ["text"] = text + "\"\\\n\u00e9\u2028", ["list"] = new JsonArray() },
    };

    [Property(MaxTest = 200)]
    public bool Appending_splices_the_bytes_writing_the_whole_array_would_give(string[] texts, int[] numbers)
    {
        var all = new JsonArray();
        var log = KataEventLog.Empty;
        for (var i = 0; i < Math.Min(texts.Length, numbers.Length); i++)
        {
            var entry = Entry(i, texts[i] ?? "", numbers[i], numbers[i] % 2 == 0);
            all.Add(entry.DeepClone());
            log = log.Append(entry);
        }
        return log.Bytes.AsSpan().SequenceEqual(SaverJson.PrettyBytes(all)) && log.Count == all.Count;
    }

    [Fact]
    public void A_log_read_from_another_layout_is_written_in_this_one_and_appends_keep_to_it()
    {
        var ruby = "[\n  {\n    \"index\": 0,\n    \"event\": \"created\",\n    \"time\": [2019,1,19,12,41,0,406370]\n  }\n]\n";
        var log = KataEventLog.Parse(Encoding.UTF8.GetBytes(ruby));

        var appended = log.Append(new JsonObject { ["index"] = 1, ["colour"] = "red" });

        var whole = (JsonArray)SaverJson.Parse(ruby)!;
        whole.Add(new JsonObject { ["index"] = 1, ["colour"] = "red" });
        Assert.Equal(Encoding.UTF8.GetString(SaverJson.PrettyBytes(whole)), Encoding.UTF8.GetString(appended.Bytes));
        Assert.Equal(1, appended.LastIndex);
        Assert.Equal(0, log.LastIndex);
    }

    [Fact]
    public void An_append_leaves_the_log_it_was_made_from_as_it_was()
    {
        var one = KataEventLog.Empty.Append(Entry(0, "created", 1, false));
        var bytes = one.Bytes.ToArray();

        var two = one.Append(Entry(1, "red", 2, true));

        Assert.Equal(1, one.Count);
        Assert.Equal(bytes, one.Bytes);
        Assert.Equal(2, two.Count);
        Assert.Equal("red", two.EntryAt(1)["colour"]!.GetValue<string>());
    }

    [Fact]
    public void Copies_handed_out_do_not_change_the_log()
    {
        var log = KataEventLog.Empty.Append(Entry(0, "green", 1, false));

        log.EntryAt(0)["colour"] = "changed";
        ((JsonObject)log.ToJsonArray()[0]!)["colour"] = "changed";

        Assert.Equal("green", log.EntryAt(0)["colour"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("3", "3", true)]
    [InlineData("3", "3.0", true)]
    [InlineData("3", "\"3\"", false)]
    [InlineData("null", "null", true)]
    [InlineData("{\"a\":1}", "{\"a\":1}", true)]
    [InlineData("{\"a\":1}", "{\"a\":2}", false)]
    [InlineData("12345678901234567890", "12345678901234567891", false)]
    public void A_resend_is_found_by_JSON_equality(string storedTabSeq, string sentTabSeq, bool found)
    {
        var laptop = JsonValue.Create(new string('a', 64));
        var stored = new JsonObject { ["index"] = 1, ["colour"] = "red", ["laptop_id"] = laptop.DeepClone(), ["tab_seq"] = SaverJson.Parse(storedTabSeq) };
        var log = KataEventLog.Parse(SaverJson.PrettyBytes(new JsonArray(stored)));

        var sent = SaverJson.Parse(sentTabSeq);
        Assert.Equal(found, log.Contains(laptop, sent, JsonValue.Create("red")));
        Assert.Equal(JsonNode.DeepEquals(stored["tab_seq"], sent), found);
        Assert.False(log.Contains(laptop, sent, JsonValue.Create("green")));
    }

    [Fact]
    public void Events_json_that_is_not_an_array_is_refused()
    {
        Assert.Throws<Saver.Storage.SaverException>(() => KataEventLog.Parse("{}"u8));
        Assert.Throws<Saver.Storage.SaverException>(() => KataEventLog.Parse("[1,"u8));
    }
}
