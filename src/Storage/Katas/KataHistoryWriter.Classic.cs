using System.Text.Json.Nodes;

namespace Saver.Storage.Katas;

public sealed partial class KataHistoryWriter
{
    /// <summary>
    /// The most outage entries one classic write may back-fill. A client that sends a huge
    /// index is refused rather than allowed to fill the kata with outages.
    /// </summary>
    public const int MaxOutages = 1000;

    /// <summary>
    /// A classic write (docs/api.md §6): the client names the index. An index at or before the last
    /// entry's is refused; every index skipped since the last entry gets an outage entry; the
    /// event is <paramref name="summary"/> plus index and time, with no implicit edit, no diff
    /// counts and no laptop_id or tab_seq. One commit holds it all, tagged with the event's
    /// index and every outage index. Returns the first and last index this write filled.
    /// </summary>
    public (int First, int Last) CommitClassic(long index, IReadOnlyDictionary<string, string> files,
        KataOutput stdout, KataOutput stderr, string status, JsonObject summary, string message)
    {
        var last = _events.LastIndex;
        if (index <= last) throw new SaverException("Out of order event");
        if (index - last - 1 > MaxOutages)
            throw new SaverException($"Out of order event: index {index} would leave {index - last - 1} events missing after {last} (at most {MaxOutages})");
        var at = (int)index;

        var events = _events;
        var tags = new List<int>();
        for (var missing = last + 1; missing < at; missing++)
        {
            events = events.Append(new JsonObject { ["index"] = missing, ["event"] = "outage" });
            tags.Add(missing);
        }
        var entry = (JsonObject)summary.DeepClone();
        var now = _time.GetLocalNow();
        entry["index"] = at;
        entry["time"] = KataTime.From(now);
        events = events.Append(entry);
        tags.Add(at);

        CommitEvents(events, files, KataGit.BuildFilesTree(_edit, files), stdout, stderr, status, $"{at} {message}", now, tags);
        return (last + 1, at);
    }
}
