using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Benchmarks.Workload;

namespace Saver.Benchmarks.Measurement;

/// <summary>
/// The compressed size of what one benchmark save changes, the yardstick of issue #10's
/// bytes-per-save target: the edited line, the light's stdout and stderr, and the two
/// events.json entries (the implicit file_edit and the light), deflated together.
/// </summary>
public static class ChangeSize
{
    public static int Of(RanTests write)
    {
        var entry = new JsonObject
        {
            ["colour"] = write.Colour, ["duration"] = 1.46448, ["predicted"] = "none", ["revert_if_wrong"] = false,
            ["index"] = 400, ["time"] = new JsonArray(2026, 12, 6, 13, 0, 0, 123456),
            ["diff_added_count"] = 0, ["diff_deleted_count"] = 0, ["laptop_id"] = BenchKata.LaptopId, ["tab_seq"] = write.TabSeq,
        };
        var edit = new JsonObject
        {
            ["colour"] = "file_edit", ["filename"] = BenchKata.EditedFile, ["index"] = 399, ["time"] = new JsonArray(2026, 12, 6, 13, 0, 0, 12345),
            ["diff_added_count"] = 1, ["diff_deleted_count"] = 1, ["laptop_id"] = BenchKata.LaptopId, ["tab_seq"] = write.TabSeq,
        };
        var changed = $"attempt = {write.TabSeq}\n{write.Stdout}{write.Stderr}{edit.ToJsonString()}{entry.ToJsonString()}";
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(Encoding.UTF8.GetBytes(changed));
        return (int)output.Length;
    }
}
