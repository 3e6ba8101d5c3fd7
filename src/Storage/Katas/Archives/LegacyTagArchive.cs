using System.Text.Json.Nodes;
using Saver.Storage.Ids;
using Saver.Storage.IO;
using Saver.Storage.Json;

namespace Saver.Storage.Katas.Archives;

/// <summary>
/// An event of a kata in format 0 or 1, which has no git tree: its members are made from
/// what kata_event answers, laid out as a format-2 tree would have them (files/ in git's
/// order, then status, stderr, stdout and truncations.json, each a text file as format 2
/// stores it), timed at the event. An event file is small, and it is already whole in
/// memory once read.
/// </summary>
internal sealed class LegacyTagArchive : KataTagArchive
{
    private readonly GitOrderedTree _members;
    private readonly DateTimeOffset _time;

    private LegacyTagArchive(EntityId id, long index, GitOrderedTree members, DateTimeOffset time) : base(id, index)
    {
        _members = members;
        _time = time;
    }

    /// <param name="kataEvent">kata_event's answer for the event.</param>
    /// <param name="fallbackTime">The members' time when the event has none.</param>
    public static LegacyTagArchive From(EntityId id, JsonObject kataEvent, TimeProvider time)
    {
        var index = kataEvent["index"] is { } i ? RubyValues.ToI(i) : 0;
        var members = new GitOrderedTree();
        if (kataEvent["files"] is JsonObject files)
            foreach (var (name, file) in files)
                members.Add(KataTree.Files + "/" + name, Utf8Text.Encode(Content(file)));
        // Event 0 (and an outage) has only its files, as format 2 stores event 0.
        if (kataEvent["stdout"] is JsonObject stdout && kataEvent["stderr"] is JsonObject stderr)
        {
            members.Add(KataTree.Stdout, Utf8Text.Encode(Content(stdout)));
            members.Add(KataTree.Stderr, Utf8Text.Encode(Content(stderr)));
            members.Add(KataTree.Status, Utf8Text.Encode(Text(kataEvent["status"])));
            members.Add(KataTree.Truncations, SaverJson.PrettyBytes(new JsonObject
            {
                ["stdout"] = stdout["truncated"]?.DeepClone(),
                ["stderr"] = stderr["truncated"]?.DeepClone(),
            }));
        }
        var when = KataTime.ToDateTimeOffset(kataEvent["time"], time.GetLocalNow().Offset) ?? time.GetUtcNow();
        return new LegacyTagArchive(id, index, members, when);
    }

    public override async Task WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        await using var tar = await GitStyleTarWriter.StartAsync(destination, _time, commitId: null, cancellationToken)
            .ConfigureAwait(false);
        await tar.WriteDirectoryAsync(Prefix, cancellationToken).ConfigureAwait(false);
        foreach (var (path, content) in _members.InGitOrder())
        {
            if (content is null) await tar.WriteDirectoryAsync(Prefix + path, cancellationToken).ConfigureAwait(false);
            else await tar.WriteFileAsync(Prefix + path, content, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string Content(JsonNode? file) => Text(file?["content"]);

    private static string Text(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value is null ? "" : SaverJson.Compact(value);
}
