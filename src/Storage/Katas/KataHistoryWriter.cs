using System.Text.Json.Nodes;
using LibGit2Sharp;
using Saver.Storage.Diffs;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.Json;

namespace Saver.Storage.Katas;

/// <summary>
/// Appends events to a format-2 kata's repository (docs/api.md §3.5): the commit step C with its
/// de-duplication, diff counts and tag, and the implicit edit E that runs before most writes.
/// One instance serves one write request, under the kata's lease; it keeps the head it
/// builds on in memory so an implicit edit and the event after it chain correctly.
/// </summary>
public sealed partial class KataHistoryWriter
{
    private readonly RepositoryEdit _edit;
    private readonly Repository _repo;
    private readonly EntityId _id;
    private readonly TimeProvider _time;
    private Commit _head;
    private KataEventLog _events;
    private SortedDictionary<string, string>? _headFiles;

    internal KataHistoryWriter(RepositoryEdit edit, EntityId id, TimeProvider time)
    {
        _edit = edit;
        _repo = edit.Repository;
        _id = id;
        _time = time;
        _head = edit.Head;
        _events = KataEventLog.Of(edit);
    }

    /// <summary>True once any commit has been made.</summary>
    public bool Changed { get; private set; }

    /// <summary>events.json at the head this writer has built.</summary>
    public KataEventLog Events => _events;

    /// <summary>The files at the head, in byte-wise path order.</summary>
    public SortedDictionary<string, string> HeadFiles => _headFiles ??= KataGit.ReadFiles(_head.Tree);

    /// <summary>
    /// E: when a file of the latest event has different content in <paramref name="edit"/>,
    /// records a file_edit of the first such file. Files absent from the edit are skipped.
    /// </summary>
    public void ImplicitEdit(KataEdit edit)
    {
        foreach (var (name, content) in HeadFiles)
        {
            if (!edit.Files.TryGetValue(name, out var now) || now == content) continue;
            var summary = new JsonObject { ["colour"] = "file_edit", ["filename"] = name };
            Commit(edit, edit.Files, KataOutput.Empty, KataOutput.Empty, "0", summary, $"edited file {name}");
            return;
        }
    }

    /// <summary>
    /// C: appends one event unless an entry with the same laptop_id, tab_seq and colour is
    /// already there (a resend). Returns whether it was appended.
    /// </summary>
    public bool Commit(KataEdit edit, IReadOnlyDictionary<string, string> files, KataOutput stdout, KataOutput stderr,
        string status, JsonObject summary, string message)
    {
        var colour = summary["colour"];
        if (IsResend(edit.LaptopId, edit.TabSeq, colour)) return false;

        var placeAt = _events.LastIndex + 1;
        var before = KataGit.FilesTree(_head);
        var after = KataGit.BuildFilesTree(_edit, files);
        var (added, deleted) = DiffCounts.Count(_repo, before, after);

        var entry = (JsonObject)summary.DeepClone();
        var now = _time.GetLocalNow();
        entry["index"] = placeAt;
        entry["time"] = KataTime.From(now);
        entry["diff_added_count"] = added;
        entry["diff_deleted_count"] = deleted;
        if (LaptopIds.IsWellFormed(edit.LaptopId)) entry["laptop_id"] = edit.LaptopId!.DeepClone();
        entry["tab_seq"] = edit.TabSeq?.DeepClone();

        CommitEvents(_events.Append(entry), files, after, stdout, stderr, status, $"{placeAt} {message}", now, [placeAt]);
        return true;
    }

    /// <summary>
    /// Commits <paramref name="events"/> as events.json, with the files and outputs of the
    /// event they end with, on main, and tags the commit with each of <paramref name="tags"/>.
    /// </summary>
    private void CommitEvents(KataEventLog events, IReadOnlyDictionary<string, string> files, Tree? filesTree,
        KataOutput stdout, KataOutput stderr, string status, string message, DateTimeOffset now, IEnumerable<int> tags)
    {
        var truncations = new JsonObject { ["stdout"] = stdout.Truncated, ["stderr"] = stderr.Truncated };
        var topLevel = new Dictionary<string, ObjectBytes>
        {
            [KataTree.Events] = events.Bytes,
            [KataTree.Stdout] = Utf8Text.Encode(stdout.Content),
            [KataTree.Stderr] = Utf8Text.Encode(stderr.Content),
            [KataTree.Status] = Utf8Text.Encode(status),
            [KataTree.Truncations] = SaverJson.PrettyBytes(truncations),
        };
        var tree = KataGit.BuildTree(_edit, _head.Tree, topLevel, replaceFiles: true, files: filesTree);
        _head = KataGit.Commit(_edit, _id, tree, message, now, _head, tags);
        _events = events;
        _edit.Remember(KataEventLog.MemoKey, events);
        _headFiles = new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal);
        Changed = true;
    }

    /// <summary>Commits a new options.json on main, with no index and no tag (docs/api.md §3.6).</summary>
    public void CommitOptions(JsonObject options, string message)
    {
        var tree = KataGit.BuildTree(_edit, _head.Tree,
            new Dictionary<string, ObjectBytes> { [KataTree.Options] = SaverJson.PrettyBytes(options) });
        _head = KataGit.Commit(_edit, _id, tree, message, _time.GetLocalNow(), _head, []);
        Changed = true;
    }

    public JsonObject HeadOptions() =>
        SaverJson.Parse(KataGit.ReadText(_head.Tree, KataTree.Options) ?? "{}") as JsonObject ?? new JsonObject();

    private bool IsResend(JsonNode? laptopId, JsonNode? tabSeq, JsonNode? colour)
    {
        // A malformed laptop id is never stored, so it can never match a stored entry.
        if (laptopId is not null && !LaptopIds.IsWellFormed(laptopId)) return false;
        return _events.Contains(laptopId, tabSeq, colour);
    }
}
