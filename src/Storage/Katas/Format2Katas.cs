using System.Text.Json.Nodes;
using LibGit2Sharp;
using Saver.Storage.Blobs;
using Saver.Storage.Forks;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

/// <summary>
/// Format-2 katas: each a git repository kept as a log of packs (docs/api.md §4, docs/storage-layout.md).
/// Reads go through git at the repository's current state; writes append commits under the
/// kata's lease.
/// </summary>
public sealed class Format2Katas(RepositoryStore repositories, IBlobStore blobs, TimeProvider time)
{
    /// <summary>
    /// Creates the kata <paramref name="id"/> from a manifest that already carries version,
    /// created and id, with <paramref name="files"/> as event 0. False when the id is taken.
    /// </summary>
    public async Task<bool> TryCreateAsync(EntityId id, JsonObject manifest, IReadOnlyDictionary<string, string> files,
        CancellationToken cancellationToken)
    {
        var created = manifest["created"]!.DeepClone();
        var when = KataTime.ToDateTimeOffset(created, time.GetLocalNow().Offset) ?? time.GetLocalNow();
        var events = KataEventLog.Empty.Append(new JsonObject { ["index"] = 0, ["event"] = "created", ["time"] = created });
        var manifestBytes = SaverJson.PrettyBytes(manifest);
        var stored = await repositories.CreateAsync(KataLayout.RepositoryName(id), edit =>
        {
            var tree = KataGit.BuildTree(edit, null, new Dictionary<string, ObjectBytes>
            {
                [KataTree.Manifest] = manifestBytes,
                [KataTree.Options] = SaverJson.PrettyBytes(KataOptions.DefaultsObject()),
                [KataTree.Events] = events.Bytes,
                [KataTree.Readme] = Utf8Text.Encode(KataReadme.For(manifest)),
            }, replaceFiles: true, files: KataGit.BuildFilesTree(edit, files));
            KataGit.Commit(edit, id, tree, "0 kata creation", when, parent: null, tags: [0]);
            edit.Remember(KataEventLog.MemoKey, events);
        }, KataLayout.LogFolder(id, manifest), cancellationToken).ConfigureAwait(false);
        if (!stored) return false;
        // The working-tree copy the original writes at creation; read only to tell formats apart.
        await blobs.PutAsync(KataLayout.BlobName(id, KataLayout.ManifestBlob), manifestBytes, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return true;
    }

    /// <summary>The kata's repository now, or null when it has none.</summary>
    public Task<RepositorySnapshot?> OpenAsync(EntityId id, CancellationToken cancellationToken) =>
        OpenAsync(id, null, cancellationToken);

    /// <inheritdoc cref="OpenAsync(EntityId, CancellationToken)"/>
    /// <param name="listed">Its log's ETag as a listing moments ago gave it, if it did (<see cref="LogListing"/>).</param>
    public Task<RepositorySnapshot?> OpenAsync(EntityId id, LogListing? listed, CancellationToken cancellationToken) =>
        repositories.OpenAsync(KataLayout.RepositoryName(id), listed, cancellationToken);

    /// <summary>kata_manifest: manifest.json, the defaults, then the current options.</summary>
    public JsonObject Manifest(RepositorySnapshot snapshot)
    {
        using var repo = snapshot.Open();
        var tree = snapshot.Head(repo).Tree;
        var manifest = ParseObject(KataGit.ReadText(tree, KataTree.Manifest), KataTree.Manifest);
        ManifestDefaults.Fill(manifest);
        var options = ParseObject(KataGit.ReadText(tree, KataTree.Options), KataTree.Options);
        foreach (var (name, _) in KataOptions.Defaults)
            if (options[name] is { } value) manifest[name] = value.DeepClone();
        return manifest;
    }

    /// <summary>events.json at HEAD, as stored (a fresh copy the caller may change).</summary>
    public JsonArray StoredEvents(RepositorySnapshot snapshot) => KataEventLog.Of(snapshot).ToJsonArray();

    /// <summary>kata_events: entry 0 marked as the creation, and major/minor indexes on every entry.</summary>
    public JsonArray Events(RepositorySnapshot snapshot) => KataEventsAnswer.Nodes(KataEventLog.Of(snapshot));

    /// <summary>
    /// <see cref="Events"/> written out once per state of the kata: a dashboard polling many
    /// katas, or a client polling one, costs a copy of bytes, not a tree of nodes to build and write.
    /// </summary>
    public JsonNode EventsAnswer(RepositorySnapshot snapshot) =>
        snapshot.Memo(EventsAnswerMemoKey, s =>
            KataEventsAnswer.Write(KataEventLog.Of(s)) is { } written ? RawJson.FromCompactUtf8(written) : RawJson.Of(Events(s))).ToNode();

    private const string EventsAnswerMemoKey = "kata_events";

    /// <summary>kata_event: the tree at tag p merged with events.json entry p.</summary>
    public JsonObject Event(RepositorySnapshot snapshot, long index)
    {
        var events = KataEventLog.Of(snapshot);
        var position = EventPosition.Resolve(index, events.Count);
        using var repo = snapshot.Open();
        var commit = snapshot.Tagged(repo, position)
            ?? throw new SaverException($"kata {snapshot.Name} has no tag {position}");
        return EventAt(commit, events.EntryAt(position), position);
    }

    /// <summary>The files of event <paramref name="index"/> (a negative index counts from the end).</summary>
    public SortedDictionary<string, string> FilesAt(RepositorySnapshot snapshot, long index)
    {
        var position = EventPosition.Resolve(index, KataEventLog.Of(snapshot).Count);
        using var repo = snapshot.Open();
        var commit = snapshot.Tagged(repo, position)
            ?? throw new SaverException($"kata {snapshot.Name} has no tag {position}");
        return KataGit.ReadFiles(commit.Tree);
    }

    /// <summary>The content hash of the files of the event at each of <paramref name="positions"/>: its files/ tree id.</summary>
    public IReadOnlyList<ContentHash> ContentHashesAt(RepositorySnapshot snapshot, IEnumerable<int> positions)
    {
        using var repo = snapshot.Open();
        return [.. positions.Select(position =>
        {
            var commit = snapshot.Tagged(repo, position)
                ?? throw new SaverException($"kata {snapshot.Name} has no tag {position}");
            return ContentHash.FromTreeId(KataGit.FilesTree(commit)?.Sha);
        })];
    }

    internal static JsonObject EventAt(Commit commit, JsonObject entry, int position)
    {
        var tree = commit.Tree;
        var result = new JsonObject { ["files"] = FilesObject(KataGit.ReadFiles(tree)) };
        foreach (var (key, value) in entry) result[key] = value?.DeepClone();
        // An outage entry (docs/api.md §6) shares the commit of the event that back-filled it; that event's output is not its own.
        if (EventIndexes.IsOutage(entry)) return result;
        if (position == 0)
        {
            result["stdout"] = Output("", false);
            result["stderr"] = Output("", false);
            result["status"] = 0;
            result["colour"] = "create";
            return result;
        }
        var truncations = SaverJson.Parse(KataGit.ReadText(tree, KataTree.Truncations) ?? "{}") as JsonObject;
        if (KataGit.ReadText(tree, KataTree.Status) is { } status) result["status"] = status;
        if (KataGit.ReadText(tree, KataTree.Stderr) is { } stderr) result["stderr"] = Output(stderr, truncations?["stderr"]);
        if (KataGit.ReadText(tree, KataTree.Stdout) is { } stdout) result["stdout"] = Output(stdout, truncations?["stdout"]);
        return result;
    }

    public static JsonObject FilesObject(IEnumerable<KeyValuePair<string, string>> files)
    {
        var o = new JsonObject();
        foreach (var (name, content) in files) o[name] = new JsonObject { ["content"] = content };
        return o;
    }

    private static JsonObject Output(string content, JsonNode? truncated) =>
        new() { ["content"] = content, ["truncated"] = truncated?.DeepClone() };

    private static JsonObject Output(string content, bool truncated) =>
        new() { ["content"] = content, ["truncated"] = truncated };

    /// <summary>kata_option_get: the option's value in options.json at HEAD.</summary>
    public JsonNode? OptionGet(RepositorySnapshot snapshot, string name)
    {
        KataOptions.ThrowUnlessKnown(name);
        using var repo = snapshot.Open();
        var options = ParseObject(KataGit.ReadText(snapshot.Head(repo).Tree, KataTree.Options), KataTree.Options);
        return options[name]?.DeepClone();
    }

    /// <summary>Runs one write request against the kata under its lease; stores it if it committed anything.</summary>
    public Task WriteAsync(EntityId id, Action<KataHistoryWriter> write, CancellationToken cancellationToken) =>
        repositories.UpdateAsync(KataLayout.RepositoryName(id), edit =>
        {
            var writer = new KataHistoryWriter(edit, id, time);
            write(writer);
            var changed = writer.Complete();
            return new RepositoryChange<bool>(changed, changed);
        }, cancellationToken);

    private static JsonObject ParseObject(string? text, string what) =>
        SaverJson.Parse(text ?? "{}") as JsonObject ?? throw new SaverException($"kata {what} is not a JSON object");
}
