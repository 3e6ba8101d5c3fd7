using System.Collections.Concurrent;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;

namespace Saver.Storage.Groups;

/// <summary>A group's members as read from katas.txt, and that katas.txt's ETag (which every join changes).</summary>
/// <param name="LogsListed">
/// Whether a poll lists the folder where the group's members keep their logs: true until a
/// listing finds it empty (members that joined before logs were kept under their group).
/// </param>
public sealed record GroupMemberList(IReadOnlyList<GroupMember> Members, ETag Version, bool LogsListed = true);

/// <summary>
/// The member lists an instance has read, by group, so a dashboard polling a group asks only
/// whether katas.txt changed, at once with its members' events. Bounded: past its capacity, a
/// list goes for each one added (a group read again is read whole once more).
/// </summary>
internal sealed class GroupMemberLists(int capacity)
{
    /// <summary>About 64 members each: a few hundred kilobytes at most.</summary>
    public const int DefaultCapacity = 1024;

    private readonly ConcurrentDictionary<EntityId, GroupMemberList> _lists = new();

    public GroupMemberList? Get(EntityId id) => _lists.TryGetValue(id, out var list) ? list : null;

    /// <summary>Replaces <paramref name="expected"/>, unless the group was read again since.</summary>
    public void Replace(EntityId id, GroupMemberList expected, GroupMemberList replacement) => _lists.TryUpdate(id, replacement, expected);

    public void Remember(EntityId id, GroupMemberList list)
    {
        if (capacity <= 0) return;
        while (_lists.Count >= capacity && !_lists.ContainsKey(id))
        {
            var other = _lists.Keys.FirstOrDefault();
            if (other == default || _lists.TryRemove(other, out _)) break;
        }
        _lists[id] = list;
    }
}
