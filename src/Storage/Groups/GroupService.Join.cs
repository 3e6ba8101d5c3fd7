using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Saver.Storage.Ids;

namespace Saver.Storage.Groups;

public sealed partial class GroupService
{
    /// <summary>
    /// group_join (docs/api.md §5): the id of a new kata holding one of the group's avatars, or null
    /// when none of <paramref name="indexes"/> (default: 0..63 shuffled) is free.
    /// </summary>
    /// <remarks>
    /// The steps, and what a failure at each leaves behind:
    /// <list type="number">
    /// <item>Indexes katas.txt already lists are dropped (the order kept).</item>
    /// <item>Each remaining avatar is claimed in turn with a create-only put of
    /// <c>&lt;index&gt;/.dir</c>; the first claim that succeeds is this join's, so concurrent
    /// joiners never share an avatar.</item>
    /// <item>The kata is created from the group's manifest. Should that fail, the claim is
    /// given back: nothing else was written.</item>
    /// <item>Its line is appended to katas.txt. Should that fail, the kata exists but is not
    /// listed; its avatar stays claimed, so katas.txt can never list two katas for one
    /// avatar, nor one that does not exist.</item>
    /// </list>
    /// From the claim on the join runs to its end even if the caller goes away, since a
    /// claimed avatar with no kata is lost to the group.
    /// </remarks>
    public async Task<string?> JoinAsync(string id, IReadOnlyList<long>? indexes, CancellationToken cancellationToken = default)
    {
        var groupId = ParseId(id);
        var group = await ReadAsync(groupId, cancellationToken).ConfigureAwait(false);
        if (group.Version is 0 or 1)
        {
            if (migrateOnWrite is null || !await migrateOnWrite.TryMigrateGroupAsync(groupId, cancellationToken).ConfigureAwait(false))
                throw new WriteNotSupportedException($"Group_v{group.Version}: write not supported");
            group = await ReadAsync(groupId, cancellationToken).ConfigureAwait(false);
        }
        var candidates = indexes is null ? ShuffledAvatars() : Checked(indexes);

        var members = await groups.ReadMembersAsync(groupId, group.Version, cancellationToken).ConfigureAwait(false);
        var listed = members.Select(m => m.Index).ToHashSet();
        foreach (var index in candidates.Where(i => !listed.Contains(i)))
        {
            // A claim cancelled in flight may or may not have landed: stop between claims only.
            cancellationToken.ThrowIfCancellationRequested();
            if (!await groups.TryClaimAsync(groupId, index, CancellationToken.None).ConfigureAwait(false)) continue;
            return await JoinAsAsync(groupId, group.Manifest, index, CancellationToken.None).ConfigureAwait(false);
        }
        return null;
    }

    private async Task<string> JoinAsAsync(EntityId groupId, JsonObject groupManifest, int index, CancellationToken cancellationToken)
    {
        // The kata inherits everything the group's manifest has: files, options, cluster_id.
        var manifest = (JsonObject)groupManifest.DeepClone();
        manifest.Remove("id");
        manifest[EntityLinks.GroupId] = groupId.Value;
        manifest[EntityLinks.GroupIndex] = index;
        string kataId;
        try
        {
            kataId = await katas.CreateAsync(manifest, cancellationToken).ConfigureAwait(false)
                ?? throw new SaverException($"group {groupId}: no free kata id was found for avatar {index}");
        }
        catch (Exception failure)
        {
            await ReleaseClaimAsync(groupId, index, failure).ConfigureAwait(false);
            throw;
        }

        var member = new GroupMember(kataId, index);
        try
        {
            await groups.AppendMemberAsync(groupId, member, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure)
        {
            logger.LogError(failure, "Kata {KataId} joined group {GroupId}, but katas.txt does not list it: it needs the line \"{Line}\"",
                kataId, groupId, KatasFile.Line(member).TrimEnd());
            throw;
        }
        return kataId;
    }

    private async Task ReleaseClaimAsync(EntityId groupId, int index, Exception failure)
    {
        try
        {
            await groups.ReleaseClaimAsync(groupId, index, CancellationToken.None).ConfigureAwait(false);
            logger.LogWarning(failure, "Joining group {GroupId} as avatar {Index} failed; the avatar is free again", groupId, index);
        }
        catch (Exception releaseFailure)
        {
            logger.LogError(new AggregateException(failure, releaseFailure),
                "Joining group {GroupId} as avatar {Index} failed, and so did giving the avatar back: it stays taken", groupId, index);
        }
    }

    /// <summary>Every avatar, in an order the random source picks (Fisher–Yates).</summary>
    private List<int> ShuffledAvatars()
    {
        var order = Enumerable.Range(0, GroupLayout.AvatarCount).ToList();
        for (var i = order.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    private static List<int> Checked(IReadOnlyList<long> indexes) =>
        indexes.All(AvatarIndex.IsValid)
            ? indexes.Select(i => (int)i).ToList()
            : throw new SaverException(
                $"indexes must be avatar indexes 0..{GroupLayout.AvatarCount - 1}, not [{string.Join(", ", indexes)}]");
}
