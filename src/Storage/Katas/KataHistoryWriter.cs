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
/// An event's commit is built when the next event is added, or at <see cref="Complete"/>, so
/// the two versions of events.json a save makes (edit, then light) are hashed at once.
/// </summary>
public sealed partial class KataHistoryWriter
{
    private readonly RepositoryEdit _edit;
    private readonly Repository _repo;
    private readonly EntityId _id;
    private readonly TimeProvider _time;
    private Commit _head;
    private StagedEvent? _staged;
    private KataEventLog _events;
    private SortedDictionary<string, string>? _headFiles;
    private bool _changed;

    internal KataHistoryWriter(RepositoryEdit edit, EntityId id, TimeProvider time)
    {
        _edit = edit;
        _repo = edit.Repository;
        _id = id;
        _time = time;
        _head = edit.Head;
        _events = KataEventLog.Of(edit);
    }

    /// <summary>events.json at the head this writer has built.</summary>
    public KataEventLog Events => _events;

    /// <summary>The files at the head, in byte-wise path order.</summary>
    public SortedDictionary<string, string> HeadFiles => _headFiles ??= KataGit.ReadFiles(Head.Tree);

    /// <summary>The commit of the last event added, built if it was staged.</summary>
    private Commit Head
    {
        get
        {
            BuildStaged();
            return _head;
        }
    }

    /// <summary>
    /// Ends the write: builds the commit of the last event added, and says whether anything
    /// was committed (so there is something to store).
    /// </summary>
    public bool Complete()
    {
        BuildStaged();
        return _changed;
    }

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
        var before = _staged is { } previous ? previous.FilesTree : KataGit.FilesTree(_head);
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
    /// Adds the commit of <paramref name="events"/> as events.json, with the files and outputs
    /// of the event they end with, on main, tagged with each of <paramref name="tags"/>. It is
    /// staged: the id of the new events.json is worked out meanwhile, beside the commit before
    /// it being built, and it is built itself when the next event is added or the write completes.
    /// </summary>
    private void CommitEvents(KataEventLog events, IReadOnlyDictionary<string, string> files, Tree? filesTree,
        KataOutput stdout, KataOutput stderr, string status, string message, DateTimeOffset now, IReadOnlyList<int> tags)
    {
        // A write's first version is hashed on another core while the write goes on to its next
        // event; that one's is hashed here meanwhile, before the first's commit is built.
        var eventsJson = _staged is null
            ? ObjectIdComputation.OnOtherThread(GitObjectKind.Blob, events.Bytes)
            : ObjectIdComputation.Here(GitObjectKind.Blob, events.Bytes);
        BuildStaged();
        _staged = new StagedEvent(eventsJson, filesTree, stdout, stderr, status, message, now, tags);
        _events = events;
        _edit.Remember(KataEventLog.MemoKey, events);
        _headFiles = new SortedDictionary<string, string>(files.ToDictionary(), StringComparer.Ordinal);
        _changed = true;
    }

    private void BuildStaged()
    {
        if (_staged is not { } staged) return;
        _staged = null;
        var truncations = new JsonObject { ["stdout"] = staged.Stdout.Truncated, ["stderr"] = staged.Stderr.Truncated };
        var topLevel = new Dictionary<string, ObjectId>
        {
            [KataTree.Events] = _edit.WriteBlob(staged.EventsJson),
            [KataTree.Stdout] = _edit.WriteBlob(Utf8Text.Encode(staged.Stdout.Content)),
            [KataTree.Stderr] = _edit.WriteBlob(Utf8Text.Encode(staged.Stderr.Content)),
            [KataTree.Status] = _edit.WriteBlob(Utf8Text.Encode(staged.Status)),
            [KataTree.Truncations] = _edit.WriteBlob(SaverJson.PrettyBytes(truncations)),
        };
        var tree = KataGit.BuildTree(_repo, _head.Tree, topLevel, replaceFiles: true, files: staged.FilesTree);
        _head = KataGit.Commit(_edit, _id, tree, staged.Message, staged.Time, _head, staged.Tags);
    }

    /// <summary>Commits a new options.json on main, with no index and no tag (docs/api.md §3.6).</summary>
    public void CommitOptions(JsonObject options, string message)
    {
        var tree = KataGit.BuildTree(_edit, Head.Tree,
            new Dictionary<string, ObjectBytes> { [KataTree.Options] = SaverJson.PrettyBytes(options) });
        _head = KataGit.Commit(_edit, _id, tree, message, _time.GetLocalNow(), _head, []);
        _changed = true;
    }

    public JsonObject HeadOptions() =>
        SaverJson.Parse(KataGit.ReadText(Head.Tree, KataTree.Options) ?? "{}") as JsonObject ?? new JsonObject();

    private bool IsResend(JsonNode? laptopId, JsonNode? tabSeq, JsonNode? colour)
    {
        // A malformed laptop id is never stored, so it can never match a stored entry.
        if (laptopId is not null && !LaptopIds.IsWellFormed(laptopId)) return false;
        return _events.Contains(laptopId, tabSeq, colour);
    }

    /// <summary>An event added whose commit is not built yet.</summary>
    private sealed record StagedEvent(ObjectIdComputation EventsJson, Tree? FilesTree, KataOutput Stdout, KataOutput Stderr,
        string Status, string Message, DateTimeOffset Time, IReadOnlyList<int> Tags);
}
