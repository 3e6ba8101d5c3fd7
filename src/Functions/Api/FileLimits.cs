using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Functions.Hosting;

namespace Saver.Functions.Api;

/// <summary>
/// How many files one call may carry, and how large one file may be, whichever way it comes
/// in (a JSON body, or a prepacked tgz once unpacked): the files of a write, and a manifest's
/// visible_files. Checked before anything is stored, so a call beyond them changes nothing.
/// </summary>
public sealed record FileLimits(int MaxFiles, long MaxFileBytes)
{
    public static FileLimits From(SaverOptions options) => new(options.MaxFiles, options.MaxFileBytes);

    /// <summary>The most tar members a prepacked write may hold: each file, a folder for each, and event.json and files/.</summary>
    public int MaxTarMembers => 2 * MaxFiles + 16;

    /// <exception cref="RequestException">A file set beyond a limit (answered 400, naming the setting).</exception>
    public void Check(JsonObject arguments)
    {
        CheckFiles(arguments["files"], "files");
        if (arguments["manifest"] is JsonObject manifest) CheckFiles(manifest["visible_files"], "manifest.visible_files");
    }

    private void CheckFiles(JsonNode? files, string argument)
    {
        if (files is not JsonObject set) return; // its shape is the method's to refuse
        if (set.Count > MaxFiles)
            throw new RequestException(
                $"{argument} holds {set.Count} files, more than the {MaxFiles} Saver:MaxFiles allows");
        foreach (var (name, file) in set)
        {
            if (file is not JsonObject { } o || o["content"] is not JsonValue value || !value.TryGetValue<string>(out var content)) continue;
            // A char is at most 3 UTF-8 bytes: most files are settled by their length alone, and
            // only one near the limit is counted (every write passes here).
            if (content.Length * 3L <= MaxFileBytes) continue;
            if (content.Length > MaxFileBytes || Encoding.UTF8.GetByteCount(content) > MaxFileBytes)
                throw new RequestException(string.Create(CultureInfo.InvariantCulture,
                    $"{argument}[\"{name}\"] is {Encoding.UTF8.GetByteCount(content)} bytes, more than the {MaxFileBytes} Saver:MaxFileBytes allows"));
        }
    }
}
