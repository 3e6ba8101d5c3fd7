using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Saver.Storage.Katas;

namespace Saver.Storage.Forks;

/// <summary>
/// kata_forks: for each light of a kata, the hash of its files, how many katas and groups
/// were forked from that content, and the earlier light with the same content (a revert,
/// a repeated timeout) if there is one.
/// </summary>
/// <remarks>
/// The rows are entry 0 (the files the kata was created with, which kata_fork index 0
/// copies) and every light (docs/api.md §4.4: a later entry whose colour is not file_*, reverted and
/// checked-out ones included; outage entries, which stand for events never saved, are not
/// lights). Forks are counted by content, wherever they were forked from: a fork from a file
/// event counts on the row with the same files, and every kata and group forked from the
/// same files counts on every row that has them first. A row whose content an earlier row
/// already had is a repeat: <c>forks</c> null, <c>repeat_of</c> that earlier row's index.
/// </remarks>
public sealed class KataForks(KataService katas, ForkIndex forks)
{
    /// <summary>Forks of different contents are counted at once, each a listing of its own prefix.</summary>
    private const int ParallelCounts = 8;

    /// <summary><c>[{"index","content_hash","forks":{"katas","groups"}|null,"repeat_of":index|null}]</c>, in event order.</summary>
    /// <exception cref="UnknownIdException">No such kata.</exception>
    public async Task<JsonArray> LightsAsync(string id, CancellationToken cancellationToken = default)
    {
        var contents = await katas.EventContentsAsync(id, IsListed, cancellationToken).ConfigureAwait(false);
        var firstIndex = new Dictionary<ContentHash, long>();
        foreach (var (index, content) in contents) firstIndex.TryAdd(content, index);

        var counts = new ConcurrentDictionary<ContentHash, ForkCount>();
        await Parallel.ForEachAsync(firstIndex.Keys,
            new ParallelOptions { MaxDegreeOfParallelism = ParallelCounts, CancellationToken = cancellationToken },
            async (content, ct) => counts[content] = await forks.CountAsync(content, ct).ConfigureAwait(false)).ConfigureAwait(false);

        var rows = new JsonArray();
        foreach (var (index, content) in contents)
        {
            var first = firstIndex[content];
            var repeat = first != index;
            rows.Add(new JsonObject
            {
                ["index"] = index,
                ["content_hash"] = content.Value,
                ["forks"] = repeat ? null : counts[content].ToJson(),
                ["repeat_of"] = repeat ? first : null,
            });
        }
        return rows;
    }

    /// <summary>Entry 0 and the lights.</summary>
    public static bool IsListed(JsonObject entry, int position) =>
        position == 0 || EventIndexes.IsLight(entry);
}
