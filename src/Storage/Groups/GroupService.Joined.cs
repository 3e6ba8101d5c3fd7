using Saver.Storage.Git;
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
            return await MembersWithEventsAsync(parsed, members, null, cancellationToken).ConfigureAwait(false);
        // A group's folder without its manifest is no group (as every other group method finds).
        var groupFolderOnly = await groups.ExistsAsync(parsed, cancellationToken).ConfigureAwait(false);
        if (groupFolderOnly || !await katas.ExistsAsync(id, cancellationToken).ConfigureAwait(false))
            throw new UnknownIdException($"group {id} does not exist");
        var kataManifest = await katas.ManifestAsync(id, cancellationToken).ConfigureAwait(false);
        if (EntityLinks.GroupOf(kataManifest) is not { } groupId) return [];
        var groupMembers = await groups.ReadMembersAsync(groupId, cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownIdException($"group {groupId} does not exist");
        return await MembersWithEventsAsync(groupId, groupMembers, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// A group this instance has read before: whether its members are still those it read
    /// (katas.txt's properties), asked at once with which of them changed. Members that keep
    /// their logs under the group are all answered by one listing of that folder, so a poll of
    /// a group where nothing changed is two calls in one round trip, however many its avatars.
    /// Null when the members are not those it read.
    /// </summary>
    private async Task<JsonObject?> KnownMembersWithEventsAsync(EntityId groupId, GroupMemberList known, CancellationToken cancellationToken)
    {
        if (!known.LogsListed) return await KnownMembersAskedEachAsync(groupId, known, cancellationToken).ConfigureAwait(false);
        var current = groups.IsCurrentAsync(groupId, known, cancellationToken);
        var listing = groups.ListMemberLogsAsync(groupId, cancellationToken);
        await Task.WhenAll(current, listing).ConfigureAwait(false);
        if (!await current.ConfigureAwait(false)) return null;
        var listed = await listing.ConfigureAwait(false);
        // Members that joined before logs were kept under their group: later polls ask each as before.
        if (listed.IsEmpty) groups.StopListingLogs(groupId, known);
        return await MembersWithEventsAsync(groupId, known.Members, listed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <see cref="KnownMembersWithEventsAsync"/> for members whose logs are not under the group:
    /// katas.txt's properties asked at once with each member's own freshness check, one round
    /// trip. The events asked for are let go if the members changed.
    /// </summary>
    private async Task<JsonObject?> KnownMembersAskedEachAsync(EntityId groupId, GroupMemberList known, CancellationToken cancellationToken)
    {
        var current = groups.IsCurrentAsync(groupId, known, cancellationToken);
        var joined = MembersWithEventsAsync(groupId, known.Members, null, cancellationToken);
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

    private async Task<JsonObject> MembersWithEventsAsync(EntityId groupId, IReadOnlyList<GroupMember> stored, LogListing? listed,
        CancellationToken cancellationToken)
    {
        var members = stored
            .DistinctBy(m => m.Index)
            .OrderBy(m => m.Index)
            .ToList();
        var events = new JsonNode[members.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, members.Count),
            new ParallelOptions { MaxDegreeOfParallelism = FanOut.ReadsAtOnce, CancellationToken = cancellationToken },
            async (i, ct) => events[i] = await MemberEventsAsync(groupId, members[i], listed, ct).ConfigureAwait(false))
            .ConfigureAwait(false);

        var joined = new JsonObject();
        for (var i = 0; i < members.Count; i++)
            joined[AvatarIndex.Format(members[i].Index)] = new JsonObject { ["id"] = members[i].KataId, ["events"] = events[i] };
        return joined;
    }

    private async Task<JsonNode> MemberEventsAsync(EntityId groupId, GroupMember member, LogListing? listed, CancellationToken cancellationToken)
    {
        try
        {
            return await katas.JoinedEventsAsync(member.KataId, listed, cancellationToken).ConfigureAwait(false);
        }
        catch (UnknownIdException missing)
        {
            // The group exists, so the caller's id was good: a member that is not there is our fault (500), not theirs (400).
            throw new SaverException($"group {groupId} lists kata {member.KataId} as avatar {member.Index}, but {missing.Message}");
        }
    }
}
