using System.Text.Json.Nodes;
using LibGit2Sharp;
using Saver.Storage.Diffs;
using Saver.Storage.Git;
using Saver.Storage.Ids;

namespace Saver.Storage.Katas;

/// <summary>
/// kata_git_diff (beyond the original; its author's note "kata_git_diff(id, was, now)"): what
/// a differ service needs to show one event against another in one answer: the was event
/// whole, the raw <c>git diff</c> of files/ between the two tags, and the files it leaves out
/// because they did not change.
/// </summary>
/// <remarks>
/// Paths are relative to files/ (<c>git diff --relative=files/</c>), so they are the names of
/// the was event's "files" and of "unchanged". The indexes are checked as diff_lines checks
/// them. A kata in format 0 or 1 has no repository: its two file sets are diffed as git would
/// diff them in a repository of their own.
/// </remarks>
public sealed class KataGitDiff(Format2Katas format2, KataService katas, RawGitDiffer differ)
{
    /// <summary><c>{"was": kata_event at was_index, "diff": git diff text, "unchanged": [paths]}</c>.</summary>
    /// <exception cref="UnknownIdException">No such kata.</exception>
    /// <exception cref="SaverException">An index that names no event (was_index is checked first).</exception>
    public async Task<JsonObject> BetweenAsync(string id, JsonNode? wasIndex, JsonNode? nowIndex,
        CancellationToken cancellationToken = default)
    {
        using var snapshot = EntityId.TryParse(id, out var kataId)
            ? await format2.OpenAsync(kataId, cancellationToken).ConfigureAwait(false)
            : null;
        if (snapshot is null) return await BetweenFileSetsAsync(id, wasIndex, nowIndex, cancellationToken).ConfigureAwait(false);

        // One snapshot for the event and both trees, so they all describe the same state of the kata.
        var count = KataEventLog.Of(snapshot).Count;
        var was = DiffIndex.Resolve(KataDiffs.WasIndex, wasIndex, count);
        var now = DiffIndex.Resolve(KataDiffs.NowIndex, nowIndex, count);
        var wasEvent = format2.Event(snapshot, was);
        using var repo = snapshot.Open();
        var diff = RawGitDiffer.Compare(repo, FilesTreeAt(repo, snapshot, was), FilesTreeAt(repo, snapshot, now));
        return Answer(wasEvent, diff);
    }

    /// <summary>A kata without a repository: KataService raises for an unknown id, or reads the old format.</summary>
    private async Task<JsonObject> BetweenFileSetsAsync(string id, JsonNode? wasIndex, JsonNode? nowIndex,
        CancellationToken cancellationToken)
    {
        var count = (await katas.EventsAsync(id, cancellationToken).ConfigureAwait(false)).Count;
        DiffIndex.Resolve(KataDiffs.WasIndex, wasIndex, count);
        DiffIndex.Resolve(KataDiffs.NowIndex, nowIndex, count);
        // The indexes as sent: checked above, they name the same events for the reads below.
        var wasEvent = await katas.EventAsync(id, wasIndex, cancellationToken).ConfigureAwait(false);
        var wasFiles = await katas.FilesAtAsync(id, wasIndex, cancellationToken).ConfigureAwait(false);
        var nowFiles = await katas.FilesAtAsync(id, nowIndex, cancellationToken).ConfigureAwait(false);
        return Answer(wasEvent, differ.Compare(wasFiles, nowFiles));
    }

    private static JsonObject Answer(JsonObject wasEvent, RawGitDiff diff) => new()
    {
        ["was"] = wasEvent,
        ["diff"] = diff.Text,
        ["unchanged"] = new JsonArray([.. diff.Unchanged.Select(path => JsonValue.Create(path))]),
    };

    private static Tree? FilesTreeAt(Repository repo, RepositorySnapshot snapshot, int index)
    {
        var commit = snapshot.Tagged(repo, index) ?? throw new SaverException($"kata {snapshot.Name} has no tag {index}");
        return KataGit.FilesTree(commit);
    }
}
