using System.Text.Json.Nodes;
using LibGit2Sharp;
using Saver.Storage.Git;
using Saver.Storage.Json;
using Saver.Storage.Katas;

namespace Saver.Storage.Migration;

/// <summary>
/// Writes the history of a format 0 or 1 kata into an empty repository as a format-2 kata
/// would hold it (docs/api.md §4, §7 "Converter"): commit 0 "0 kata creation", then one commit per
/// event in order with the §3.5 message, each tagged with its index and dated (author and
/// committer) at the event's own time. events.json keeps the old entries as they read, so
/// kata_events answers the same; a gap in format 1's indexes is back-filled with outage
/// entries (docs/api.md §6) tagged on the next event's commit, so every old index still names the
/// same event. Each event is read back through format 2's reader and must answer as it did
/// before, or nothing is stored.
/// </summary>
internal static class MigratedKataBuilder
{
    public static void Build(RepositoryEdit edit, LegacyKataHistory history, TimeZoneInfo zone)
    {
        var repo = edit.Repository;
        var manifest = Format2Manifest(history.Manifest);
        var unchanging = new Dictionary<string, ObjectBytes>
        {
            [KataTree.Manifest] = SaverJson.PrettyBytes(manifest),
            [KataTree.Options] = SaverJson.PrettyBytes(history.Options),
            [KataTree.Readme] = Utf8Text.Encode(KataReadme.For(manifest)),
        };
        var entries = new JsonArray();
        Commit? head = null;
        DateTimeOffset? previousTime = null;
        var last = -1;
        for (var i = 0; i < history.Entries.Count; i++)
        {
            var entry = (JsonObject)history.Entries[i]!;
            var before = history.Events[i];
            var index = CheckedIndex(history, entry, i, last);
            var tags = new List<int>();
            for (var missing = last + 1; missing < index; missing++)
            {
                entries.Add(new JsonObject { ["index"] = missing, ["event"] = "outage" });
                tags.Add(missing);
            }
            entries.Add(entry.DeepClone());
            tags.Add(index);

            var topLevel = new Dictionary<string, ObjectBytes>(unchanging) { [KataTree.Events] = SaverJson.PrettyBytes(entries) };
            if (index > 0) AddOutputs(topLevel, history, before, index);
            var files = KataGit.BuildFilesTree(repo, FilesOf(history, before, index));
            var tree = KataGit.BuildTree(repo, null, topLevel, replaceFiles: true, files: files);
            var when = EventTime(entry, zone) ?? previousTime ?? EventTime(manifest, zone, "created")
                ?? throw new SaverException($"kata {history.Id} cannot be migrated: event {index} has no time");
            var message = index == 0 ? "0 kata creation" : $"{index} {MigratedCommitMessage.For(entry)}";
            head = KataGit.Commit(edit, history.Id, tree, message, when, head, tags);
            ThrowUnlessReadsTheSame(history, head, entry, index, before);
            previousTime = when;
            last = index;
        }
        if (head is null) throw new SaverException($"kata {history.Id} cannot be migrated: its events.json has no entries");
    }

    /// <summary>manifest.json of format 2: the stored manifest without visible_files (event 0 holds them), version 2.</summary>
    public static JsonObject Format2Manifest(JsonObject stored)
    {
        var manifest = (JsonObject)stored.DeepClone();
        manifest.Remove("visible_files");
        manifest["version"] = 2;
        return manifest;
    }

    /// <summary>The entry's own index: 0 first, then rising (format 1 may skip some).</summary>
    private static int CheckedIndex(LegacyKataHistory history, JsonObject entry, int position, int last)
    {
        if (entry["index"] is not JsonValue value || !value.TryGetValue<int>(out var index))
            throw new SaverException($"kata {history.Id} cannot be migrated: events.json entry {position} has no integer index");
        if (position == 0 && index != 0)
            throw new SaverException($"kata {history.Id} cannot be migrated: its first event has index {index}, not 0");
        if (index <= last)
            throw new SaverException($"kata {history.Id} cannot be migrated: event index {index} follows {last}");
        if (index - last - 1 > KataHistoryWriter.MaxOutages)
            throw new SaverException(
                $"kata {history.Id} cannot be migrated: {index - last - 1} events are missing before index {index} (at most {KataHistoryWriter.MaxOutages})");
        return index;
    }

    private static Dictionary<string, string> FilesOf(LegacyKataHistory history, JsonObject before, int index)
    {
        if (before["files"] is not JsonObject files)
            throw new SaverException($"kata {history.Id} cannot be migrated: event {index} has no files");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, file) in files)
        {
            KataFiles.ThrowUnlessSafe(name);
            result[name] = file?["content"] is JsonValue content && content.TryGetValue<string>(out var text)
                ? text
                : throw new SaverException($"kata {history.Id} cannot be migrated: event {index} file {name} has no text content");
        }
        KataFiles.ThrowIfConflicting(result.Keys);
        return result;
    }

    /// <summary>
    /// stdout, stderr and status as format 2 keeps them, each only when the old event has it,
    /// and truncations.json with the old "truncated" values as they were.
    /// </summary>
    private static void AddOutputs(Dictionary<string, ObjectBytes> topLevel, LegacyKataHistory history, JsonObject before, int index)
    {
        var truncations = new JsonObject();
        foreach (var (name, path) in new[] { ("stdout", KataTree.Stdout), ("stderr", KataTree.Stderr) })
        {
            if (!before.TryGetPropertyValue(name, out var output)) continue;
            if (output is not JsonObject o || o["content"] is not JsonValue content || !content.TryGetValue<string>(out var text))
                throw new SaverException($"kata {history.Id} cannot be migrated: event {index} {name} has no text content");
            topLevel[path] = Utf8Text.Encode(text);
            truncations[name] = o["truncated"]?.DeepClone();
        }
        if (truncations.Count > 0) topLevel[KataTree.Truncations] = SaverJson.PrettyBytes(truncations);
        if (before.TryGetPropertyValue("status", out var status))
            topLevel[KataTree.Status] = status is JsonValue v && v.TryGetValue<string>(out var statusText)
                ? Utf8Text.Encode(statusText)
                : throw new SaverException($"kata {history.Id} cannot be migrated: event {index} status is not text");
    }

    /// <summary>
    /// A time stamp as the instant it names in <paramref name="zone"/> (the original wrote
    /// server local time), with the offset that zone had then; null when there is none.
    /// </summary>
    private static DateTimeOffset? EventTime(JsonObject holder, TimeZoneInfo zone, string key = "time")
    {
        if (holder[key] is not JsonArray { Count: >= 6 } stamp) return null;
        var local = KataTime.ToDateTimeOffset(stamp, TimeSpan.Zero);
        if (local is null) return null;
        var offset = zone.GetUtcOffset(DateTime.SpecifyKind(local.Value.DateTime, DateTimeKind.Unspecified));
        return KataTime.ToDateTimeOffset(stamp, offset);
    }

    /// <summary>
    /// Reads the event back as format 2 answers kata_event and compares it with the old
    /// answer. Format 2's event 0 always adds empty output, status 0 and colour "create"
    /// (docs/api.md §3.4); nothing else may differ.
    /// </summary>
    private static void ThrowUnlessReadsTheSame(LegacyKataHistory history, Commit commit, JsonObject entry, int index, JsonObject before)
    {
        var after = Format2Katas.EventAt(commit, entry, index);
        var expected = (JsonObject)before.DeepClone();
        if (index == 0)
        {
            expected["stdout"] = new JsonObject { ["content"] = "", ["truncated"] = false };
            expected["stderr"] = new JsonObject { ["content"] = "", ["truncated"] = false };
            expected["status"] = 0;
            expected["colour"] = "create";
        }
        if (JsonNode.DeepEquals(expected, after)) return;
        var differing = expected.Select(p => p.Key).Union(after.Select(p => p.Key))
            .Where(key => !JsonNode.DeepEquals(expected[key], after[key]));
        throw new SaverException(
            $"kata {history.Id} cannot be migrated: event {index} would not read back the same ({string.Join(", ", differing)} would differ)");
    }
}
