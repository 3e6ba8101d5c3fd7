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
        if (groups.KnownMembers(parsed) is { } known && await KnownMembersWithEventsAsync(parsed, known, cancellationToken).ConfigureAwait(false) is { } joined)
            return joined;
        // A dashboard polls with a group's id: its manifest and members come in one round trip.
        if (await groups.ReadMembersAsync(parsed, cancellationToken).ConfigureAwait(false) is { } members)
            return await MembersWithEventsAsync(parsed, members, cancellationToken).ConfigureAwait(false);
        // A group's folder without its manifest is no group (as every other group method finds).
        var groupFolderOnly = await groups.ExistsAsync(parsed, cancellationToken).ConfigureAwait(false);
        if (groupFolderOnly || !await katas.ExistsAsync(id, cancellationToken).ConfigureAwait(false))
            throw new UnknownIdException($"group {id} does not exist");
        var kataManifest = await katas.ManifestAsync(id, cancellationToken).ConfigureAwait(false);
        if (EntityLinks.GroupOf(kataManifest) is not { } groupId) return [];
        var groupMembers = await groups.ReadMembersAsync(groupId, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownIdException($"group {groupId} does not exist");
        return await MembersWithEventsAsync(groupId, groupMembers, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A group this instance has read before, in one round trip: whether its members are still
    /// those it read (katas.txt's properties) asked at once with those members' events. Null
    /// when they are not, and the events asked for are let go.
    /// </summary>
    private async Task<JsonObject?> KnownMembersWithEventsAsync(EntityId groupId, GroupMemberList known, CancellationToken cancellationToken)
    {
        var current = groups.IsCurrentAsync(groupId, known, cancellationToken);
        var joined = MembersWithEventsAsync(groupId, known.Members, cancellationToken);
        bool isCurrent;
        try
        {
            isCurrent = await current.ConfigureAwait(false);
        }
        catch
        {
            await LetGoAsync(joined).ConfigureAwait(false);
            throw;
        }
        if (isCurrent) return await joined.ConfigureAwait(false);
        await LetGoAsync(joined).ConfigureAwait(false);
        return null;
    }

    /// <summary>Waits for reads whose answer is not wanted, so nothing they meet goes unobserved.</summary>
    private static async Task LetGoAsync(Task reads)
    {
        try
        {
            await reads.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Their answer would not have been used; what the caller does next meets any fault again.
        }
    }

    private async Task<JsonObject> MembersWithEventsAsync(EntityId groupId, IReadOnlyList<GroupMember> stored, CancellationToken cancellationToken)
    {
        var members = stored
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
