using Saver.Storage.Katas;
using System.Text.Json.Nodes;
using Saver.Storage.Ids;

namespace Saver.Storage.Groups;

public sealed partial class GroupService
{
    /// <summary>
    /// group_joined: <c>{"&lt;index&gt;":{"id":kid,"events":[…]}}</c> in ascending index order,
    /// for a group id or for any kata id (then its group's members; <c>{}</c> for a kata in no group).
    /// </summary>
    public async Task<JsonObject> JoinedAsync(string id, CancellationToken cancellationToken = default)
    {
        var parsed = ParseId(id);
        if (await groups.ExistsAsync(parsed, cancellationToken).ConfigureAwait(false))
            return await MembersWithEventsAsync(parsed, cancellationToken).ConfigureAwait(false);
        if (!await katas.ExistsAsync(id, cancellationToken).ConfigureAwait(false))
            throw new UnknownIdException($"group {id} does not exist");
        var kataManifest = await katas.ManifestAsync(id, cancellationToken).ConfigureAwait(false);
        return EntityLinks.GroupOf(kataManifest) is { } groupId
            ? await MembersWithEventsAsync(groupId, cancellationToken).ConfigureAwait(false)
            : [];
    }

    private async Task<JsonObject> MembersWithEventsAsync(EntityId groupId, CancellationToken cancellationToken)
    {
        var group = await ReadAsync(groupId, cancellationToken).ConfigureAwait(false);
        var members = (await groups.ReadMembersAsync(groupId, group.Version, cancellationToken).ConfigureAwait(false))
            .DistinctBy(m => m.Index)
            .OrderBy(m => m.Index)
            .ToList();
        var events = new JsonNode[members.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Count),
            new ParallelOptions { MaxDegreeOfParallelism = FanOut.ReadsAtOnce, CancellationToken = cancellationToken },
            async (i, ct) => events[i] = await MemberEventsAsync(groupId, members[i], ct).ConfigureAwait(false))
            .ConfigureAwait(false);

        var joined = new JsonObject();
        for (var i = 0; i < members.Count; i++)
            joined[AvatarIndex.Format(members[i].Index)] = new JsonObject { ["id"] = members[i].KataId, ["events"] = events[i] };
        return joined;
    }

    private async Task<JsonNode> MemberEventsAsync(EntityId groupId, GroupMember member, CancellationToken cancellationToken)
    {
        try
        {
            return await katas.JoinedEventsAsync(member.KataId, cancellationToken).ConfigureAwait(false);
        }
        catch (UnknownIdException missing)
        {
            // The group exists, so the caller's id was good: a member that is not there is our fault (500), not theirs (400).
            throw new SaverException($"group {groupId} lists kata {member.KataId} as avatar {member.Index}, but {missing.Message}");
        }
    }
}
