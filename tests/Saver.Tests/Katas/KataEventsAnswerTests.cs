using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Saver.Storage.Json;
using Saver.Storage.Katas;

namespace Saver.Tests.Katas;

/// <summary>kata_events' answer written straight from events.json's bytes is byte for byte the one built from JSON nodes.</summary>
public sealed class KataEventsAnswerTests
{
    private static readonly string[] Colours = ["red", "amber", "green", "file_edit", "file_create", "file_", "create", "faulty", "é\"<\u2028"];

    /// <summary>An entry: the properties an entry has, some left out, in an order of its own, with values of every kind.</summary>
    private static Gen<JsonNode?> Entry =>
        from kind in Gen.Choose(0, 9)
        from colour in Gen.Elements(Colours)
        from index in Gen.Choose(-1, 900)
        from present in Gen.ArrayOf(Gen.Elements(true, false), 8)
        from shift in Gen.Choose(0, 7)
        from text in ArbMap.Default.GeneratorFor<string>()
        select kind switch
        {
            0 => JsonValue.Create(index),
            1 => (JsonNode?)null,
            2 => new JsonArray(index, colour),
            3 => JsonValue.Create(text ?? ""),
            _ => Object(kind, colour, index, present, shift, text ?? ""),
        };

    private static JsonNode Object(int kind, string colour, int index, bool[] present, int shift, string text)
    {
        (string Name, JsonNode? Value)[] properties =
        [
            ("index", index),
            ("colour", kind == 4 ? index : kind == 5 ? null : colour),
            ("event", kind == 6 ? "outage" : kind == 7 ? "created" : index),
            ("time", new JsonArray(2026, 12, 7, 5, 33, index % 60, 123456)),
            ("diff_added_count", index % 5),
            ("major_index", text),
            ("minor_index", new JsonObject { ["nested"] = text }),
            ("predicted", kind == 8 ? null : text),
        ];
        var entry = new JsonObject();
        for (var i = 0; i < properties.Length; i++)
        {
            var (name, value) = properties[(i + shift) % properties.Length];
            if (present[(i + shift) % properties.Length]) entry[name] = value;
        }
        return entry;
    }

    private static KataEventLog LogOf(IEnumerable<JsonNode?> entries) =>
        KataEventLog.Parse(SaverJson.PrettyBytes(new JsonArray([.. entries])));

    [Property(MaxTest = 300)]
    public Property Written_from_bytes_it_is_the_answer_built_from_nodes() =>
        Prop.ForAll(Gen.ListOf(Entry).ToArbitrary(), entries =>
        {
            var log = LogOf(entries);
            var written = KataEventsAnswer.Write(log);
            var fromNodes = SaverJson.CompactBytes(KataEventsAnswer.Nodes(log));
            return written is not null && Encoding.UTF8.GetString(written) == Encoding.UTF8.GetString(fromNodes);
        });

    [Fact]
    public void Entry_zero_is_the_creation_and_lights_start_major_indexes_that_file_events_and_outages_count_minor_ones_after()
    {
        var log = LogOf([
            new JsonObject { ["index"] = 0, ["event"] = "created", ["time"] = new JsonArray(2026, 12, 7) },
            new JsonObject { ["index"] = 1, ["colour"] = "file_edit" },
            new JsonObject { ["index"] = 2, ["colour"] = "red", ["major_index"] = 9 },
            new JsonObject { ["index"] = 3, ["event"] = "outage" },
            new JsonObject { ["index"] = 4, ["colour"] = "green" },
        ]);

        Assert.Equal(
            """[{"index":0,"event":"created","time":[2026,12,7],"colour":"create","diff_added_count":0,"diff_deleted_count":0,"major_index":0,"minor_index":0},""" +
            """{"index":1,"colour":"file_edit","major_index":0,"minor_index":1},{"index":2,"colour":"red","major_index":1,"minor_index":0},""" +
            """{"index":3,"event":"outage","major_index":1,"minor_index":1},{"index":4,"colour":"green","major_index":2,"minor_index":0}]""",
            Encoding.UTF8.GetString(KataEventsAnswer.Write(log)!));
    }

    [Fact]
    public void A_log_whose_entry_names_a_property_it_sets_twice_is_left_to_the_nodes()
    {
        var twice = "[\n  {\n    \"index\": 0\n  },\n  {\n    \"colour\": \"red\",\n    \"colour\": \"file_edit\"\n  }\n]"u8;

        Assert.Null(KataEventsAnswer.Write(KataEventLog.Parse(twice)));
    }
}
