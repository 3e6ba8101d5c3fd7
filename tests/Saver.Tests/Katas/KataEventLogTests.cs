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
        return log.Bytes.ToArray().AsSpan().SequenceEqual(SaverJson.PrettyBytes(all)) && log.Count == all.Count;
    }

    [Fact]
    public void A_log_read_from_another_layout_is_written_in_this_one_and_appends_keep_to_it()
    {
        var ruby = "[\n  {\n    \"index\": 0,\n    \"event\": \"created\",\n    \"time\": [2019,1,19,12,41,0,406370]\n  }\n]\n";
        var log = KataEventLog.Parse(Encoding.UTF8.GetBytes(ruby));

        var appended = log.Append(new JsonObject { ["index"] = 1, ["colour"] = "red" });

        var whole = (JsonArray)SaverJson.Parse(ruby)!;
        whole.Add(new JsonObject { ["index"] = 1, ["colour"] = "red" });
        Assert.Equal(Encoding.UTF8.GetString(SaverJson.PrettyBytes(whole)), Encoding.UTF8.GetString(appended.Bytes.ToArray()));
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
        Assert.Equal(bytes, one.Bytes.ToArray());
        Assert.Equal(2, two.Count);
        Assert.Equal("red", two.EntryAt(1)["colour"]!.GetValue<string>());
    }

    [Property(MaxTest = 100)]
    public bool Logs_grown_two_ways_from_one_each_read_as_their_own_entries(string[] texts, int branchAt, bool resumeFirst)
    {
        // Each log's entries as a whole array, to compare its bytes with.
        var logs = new List<(KataEventLog Log, JsonArray Whole)> { (KataEventLog.Empty, new JsonArray()) };
        for (var i = 0; i < texts.Length; i++)
        {
            // Mostly the latest log, sometimes an earlier one: a second append to a log some other append already grew from.
            var from = i % 3 == 2 ? logs[Math.Abs(branchAt % logs.Count)] : logs[resumeFirst && i % 5 == 4 ? 0 : ^1];
            var entry = Entry(from.Log.Count, texts[i] ?? "", i, false);
            var whole = (JsonArray)from.Whole.DeepClone();
            whole.Add(entry.DeepClone());
            logs.Add((from.Log.Append(entry), whole));
        }
        return logs.All(l => l.Log.Bytes.ToArray().AsSpan().SequenceEqual(SaverJson.PrettyBytes(l.Whole)) && l.Log.Count == l.Whole.Count);
    }

    [Fact]
    public async Task Appends_to_one_log_on_many_threads_at_once_each_read_as_their_own()
    {
        var log = KataEventLog.Empty;
        for (var i = 0; i < 40; i++) log = log.Append(Entry(i, "red", i, false));
        var before = log.Bytes.ToArray();

        using var start = new Barrier(8);
        var grown = await Task.WhenAll(Enumerable.Range(0, 8).Select(thread => Task.Run(() =>
        {
            start.SignalAndWait();
            var mine = log;
            for (var i = 0; i < 20; i++) mine = mine.Append(Entry(40 + i, $"thread {thread}", i, true));
            return (Thread: thread, Log: mine);
        })));

        Assert.Equal(before, log.Bytes.ToArray());
        foreach (var (thread, mine) in grown)
        {
            var whole = log.ToJsonArray();
            for (var i = 0; i < 20; i++) whole.Add(Entry(40 + i, $"thread {thread}", i, true));
            Assert.Equal(Encoding.UTF8.GetString(SaverJson.PrettyBytes(whole)), Encoding.UTF8.GetString(mine.Bytes.ToArray()));
        }
    }

    [Property(MaxTest = 100)]
    public bool Each_entry_reads_back_as_stored_whether_appended_or_parsed(string[] texts, int[] numbers)
    {
        var whole = new JsonArray();
        var appended = KataEventLog.Empty;
        for (var i = 0; i < Math.Min(texts.Length, numbers.Length); i++)
        {
            var entry = Entry(numbers[i], texts[i] ?? "", numbers[i], i % 2 == 0);
            entry["laptop_id"] = new string((char)('a' + i % 26), 64);
            whole.Add(entry.DeepClone());
            appended = appended.Append(entry);
        }
        var parsed = KataEventLog.Parse(SaverJson.PrettyBytes(whole));
        return parsed.Bytes.ToArray().AsSpan().SequenceEqual(SaverJson.PrettyBytes(whole))
            && new[] { appended, parsed }.All(log =>
            log.Count == whole.Count
            && JsonNode.DeepEquals(log.ToJsonArray(), whole)
            && Enumerable.Range(0, whole.Count).All(i => JsonNode.DeepEquals(log.EntryAt(i), whole[i])
                && log.Contains(whole[i]!["laptop_id"], whole[i]!["tab_seq"], whole[i]!["colour"])
                && !log.Contains(whole[i]!["laptop_id"], whole[i]!["tab_seq"], "not a colour"))
            && log.LastIndex == (whole.Count == 0 ? -1 : whole[^1]!["index"]!.GetValue<int>()));
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
