using System.Text.Json.Nodes;
using LibGit2Sharp;
using Saver.Storage.Diffs;
using Saver.Storage.Git;
using Saver.Storage.Ids;

namespace Saver.Storage.Katas;

/// <summary>
/// diff_lines and diff_summary (docs/api.md §3.7): the files of one event of a kata against another's.
/// A format-2 kata is compared tree to tree inside its repository, as one state of it; a kata
/// in format 0 or 1 has no repository, so its two file sets are compared instead (the
/// original sent those to a differ service, whose answers a local diff matches).
/// </summary>
public sealed class KataDiffs(Format2Katas format2, KataService katas, FilesDiffer differ)
{
    public const string WasIndex = "was_index";
    public const string NowIndex = "now_index";

    /// <summary>Every file of either event, as diff_lines lists them.</summary>
    /// <exception cref="UnknownIdException">No such kata.</exception>
    /// <exception cref="SaverException">An index that names no event (was_index is checked first).</exception>
    public async Task<IReadOnlyList<FileDiff>> BetweenAsync(string id, JsonNode? wasIndex, JsonNode? nowIndex,
        CancellationToken cancellationToken = default)
    {
        using var snapshot = EntityId.TryParse(id, out var kataId)
            ? await format2.OpenAsync(kataId, cancellationToken).ConfigureAwait(false)
            : null;
        if (snapshot is null) return await BetweenFileSetsAsync(id, wasIndex, nowIndex, cancellationToken).ConfigureAwait(false);

        var count = KataEventLog.Of(snapshot).Count;
        var was = DiffIndex.Resolve(WasIndex, wasIndex, count);
        var now = DiffIndex.Resolve(NowIndex, nowIndex, count);
        using var repo = snapshot.Open();
        return differ.Compare(repo, FilesTreeAt(repo, snapshot, was), FilesTreeAt(repo, snapshot, now));
    }

    /// <summary>A kata without a repository: KataService raises for an unknown id, or reads the old format.</summary>
    private async Task<IReadOnlyList<FileDiff>> BetweenFileSetsAsync(string id, JsonNode? wasIndex, JsonNode? nowIndex,
        CancellationToken cancellationToken)
    {
        var count = (await katas.EventsAsync(id, cancellationToken).ConfigureAwait(false)).Count;
        DiffIndex.Resolve(WasIndex, wasIndex, count);
        DiffIndex.Resolve(NowIndex, nowIndex, count);
        // The indexes as sent: checked above, they name the same events for FilesAtAsync.
        var wasFiles = await katas.FilesAtAsync(id, wasIndex, cancellationToken).ConfigureAwait(false);
        // The original lists the unchanged files in the order the now event holds them.
        var (nowFiles, nowOrder) = await katas.FilesInOrderAtAsync(id, nowIndex, cancellationToken).ConfigureAwait(false);
        return differ.Compare(wasFiles, nowFiles, nowOrder);
    }

    private static Tree? FilesTreeAt(Repository repo, RepositorySnapshot snapshot, int index)
    {
        var commit = snapshot.Tagged(repo, index) ?? throw new SaverException($"kata {snapshot.Name} has no tag {index}");
        return KataGit.FilesTree(commit);
    }
}
