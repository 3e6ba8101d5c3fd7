using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;
using Saver.Storage.Externals;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.Json;
using Saver.Storage.Katas;

namespace Saver.Storage.Groups;

/// <summary>
/// The blobs of groups in every format (see <see cref="GroupLayout"/>). Each write is one
/// conditional put, so concurrent joiners and creators never overwrite one another:
/// a group and an avatar are taken by create-only puts, and katas.txt grows by
/// compare-and-swap on its ETag.
/// </summary>
public sealed class GroupStore(IBlobStore blobs, IRandomSource random, TimeProvider time, ILogger<GroupStore> logger)
{
    private readonly GroupMemberLists _knownMembers = new(GroupMemberLists.DefaultCapacity);

    /// <summary>
    /// Enough for 64 joiners appending at the same moment (each round at least one of them
    /// wins) with room to spare; a store that keeps refusing is failing, not busy.
    /// </summary>
    public const int MaxAppendAttempts = 256;

    private static readonly TimeSpan MaxAppendBackoff = TimeSpan.FromMilliseconds(100);

    public Task<bool> ExistsAsync(EntityId id, CancellationToken cancellationToken) =>
        blobs.AnyAsync(GroupLayout.Prefix(id), cancellationToken);

    /// <summary>manifest.json as stored, its lined (format 0) contents joined; null when there is none.</summary>
    public async Task<JsonObject?> ReadManifestAsync(EntityId id, CancellationToken cancellationToken)
    {
        var download = await blobs.GetAsync(GroupLayout.ManifestBlobName(id), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (download is null) return null;
        var manifest = SaverJson.Parse(download.Content.Span) as JsonObject
            ?? throw new SaverException($"group {id} has a manifest.json that is not a JSON object");
        LinedFiles.Unline(manifest["visible_files"]);
        return manifest;
    }

    /// <summary>
    /// A group's members as <see cref="ReadMembersAsync(EntityId, long, CancellationToken)"/> gives
    /// them, its manifest and katas.txt asked for at once: one round trip for formats 1 and 2
    /// (format 0 lists its folder after). Null when the group has no manifest. The members of a
    /// group of format 1 or 2 are remembered (<see cref="KnownMembers"/>) with katas.txt's ETag.
    /// </summary>
    public async Task<IReadOnlyList<GroupMember>?> ReadMembersAsync(EntityId id, CancellationToken cancellationToken)
    {
        var manifestRead = ReadManifestAsync(id, cancellationToken);
        var katasRead = blobs.GetAsync(GroupLayout.KatasBlobName(id), cancellationToken: cancellationToken);
        await Task.WhenAll(manifestRead, katasRead).ConfigureAwait(false);
        if (await manifestRead.ConfigureAwait(false) is not { } manifest) return null;
        if (Katas.KataService.ManifestVersion(manifest["version"], 0) == 0)
            return await ReadFormat0MembersAsync(id, cancellationToken).ConfigureAwait(false);
        if (await katasRead.ConfigureAwait(false) is not { } katas) return [];
        var members = KatasFile.Parse(SaverJson.Text(katas.Content.Span));
        _knownMembers.Remember(id, new GroupMemberList(members, katas.Properties.ETag));
        return members;
    }

    /// <summary>The members this instance last read of a group of format 1 or 2, with the katas.txt they were read from; null when it has read none.</summary>
    public GroupMemberList? KnownMembers(EntityId id) => _knownMembers.Get(id);

    /// <summary>
    /// The logs of the group's members, as far as they keep them under the group
    /// (<see cref="KataLayout.MemberLogsPrefix"/>): one listing call.
    /// </summary>
    public Task<LogListing> ListMemberLogsAsync(EntityId id, CancellationToken cancellationToken) =>
        LogListing.ReadAsync(blobs, KataLayout.MemberLogsPrefix(id), cancellationToken);

    /// <summary>Polls of the group stop listing its logs folder, until its members are read again.</summary>
    public void StopListingLogs(EntityId id, GroupMemberList known) => _knownMembers.Replace(id, known, known with { LogsListed = false });

    /// <summary>
    /// Whether katas.txt is still the one <paramref name="known"/> was read from: one small call
    /// (its properties), since a join changes its ETag. A group whose katas.txt is gone is not.
    /// </summary>
    public async Task<bool> IsCurrentAsync(EntityId id, GroupMemberList known, CancellationToken cancellationToken) =>
        await blobs.GetPropertiesAsync(GroupLayout.KatasBlobName(id), cancellationToken).ConfigureAwait(false) is { } properties
        && properties.ETag == known.Version;

    /// <summary>
    /// Creates a format-2 group from its finished manifest (id, version and created set).
    /// The create-only put of manifest.json is what takes the id: false when it was taken.
    /// </summary>
    public async Task<bool> TryCreateAsync(EntityId id, JsonObject manifest, CancellationToken cancellationToken)
    {
        if (!await blobs.TryCreateAsync(GroupLayout.ManifestBlobName(id), SaverJson.CompactBytes(manifest), cancellationToken)
                .ConfigureAwait(false))
            return false;
        // The group exists from here on: finish it even if the caller has gone. Should this put
        // never happen, the first join creates katas.txt instead.
        await blobs.TryCreateAsync(GroupLayout.KatasBlobName(id), ReadOnlyMemory<byte>.Empty, CancellationToken.None)
            .ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// The members in the order the group lists them: katas.txt for formats 1 and 2, the
    /// <c>&lt;index&gt;/kata.id</c> files (in name order) for format 0.
    /// </summary>
    public async Task<IReadOnlyList<GroupMember>> ReadMembersAsync(EntityId id, long version, CancellationToken cancellationToken)
    {
        if (version == 0) return await ReadFormat0MembersAsync(id, cancellationToken).ConfigureAwait(false);
        var download = await blobs.GetAsync(GroupLayout.KatasBlobName(id), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return download is null ? [] : KatasFile.Parse(SaverJson.Text(download.Content.Span));
    }

    private async Task<IReadOnlyList<GroupMember>> ReadFormat0MembersAsync(EntityId id, CancellationToken cancellationToken)
    {
        var files = new List<(string Name, int Index)>();
        await foreach (var item in blobs.ListAsync(GroupLayout.Prefix(id), cancellationToken).ConfigureAwait(false))
            if (GroupLayout.KataIdBlobIndex(id, item.Name) is { } index) files.Add((item.Name, index));
        var members = await Task.WhenAll(files.Select(async file =>
        {
            var download = await blobs.GetAsync(file.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
            var kataId = download is null ? "" : SaverJson.Text(download.Content.Span).Trim();
            return EntityId.IsValid(kataId)
                ? new GroupMember(kataId, file.Index)
                : throw new SaverException($"{file.Name} does not hold a kata id");
        })).ConfigureAwait(false);
        return members;
    }

    /// <summary>Takes avatar <paramref name="index"/> for the caller alone; false when someone already has it.</summary>
    public Task<bool> TryClaimAsync(EntityId id, int index, CancellationToken cancellationToken) =>
        blobs.TryCreateAsync(GroupLayout.ClaimBlobName(id, index), ReadOnlyMemory<byte>.Empty, cancellationToken);

    /// <summary>Gives an avatar back, for a join that failed before its kata existed.</summary>
    public Task ReleaseClaimAsync(EntityId id, int index, CancellationToken cancellationToken) =>
        blobs.DeleteAsync(GroupLayout.ClaimBlobName(id, index), cancellationToken: cancellationToken);

    /// <summary>
    /// Adds <paramref name="member"/>'s line to katas.txt by compare-and-swap: read, append,
    /// put with If-Match on the ETag read (create-only when there is no katas.txt yet), and on
    /// losing the race read again after a short random wait. A line already there (a put that
    /// succeeded although its answer was lost) is not added twice.
    /// </summary>
    public async Task AppendMemberAsync(EntityId id, GroupMember member, CancellationToken cancellationToken)
    {
        var name = GroupLayout.KatasBlobName(id);
        for (var attempt = 1; attempt <= MaxAppendAttempts; attempt++)
        {
            var current = await blobs.GetAsync(name, cancellationToken: cancellationToken).ConfigureAwait(false);
            var content = current?.Content ?? ReadOnlyMemory<byte>.Empty;
            if (current is not null && KatasFile.Parse(SaverJson.Text(content.Span)).Contains(member)) return;
            var conditions = current is null ? BlobConditions.CreateOnly : BlobConditions.Matching(current.Properties.ETag);
            try
            {
                await blobs.PutAsync(name, KatasFile.Append(content.Span, member), conditions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (BlobConditionFailedException)
            {
                logger.LogDebug("katas.txt of group {GroupId} changed under attempt {Attempt}; trying again", id, attempt);
                await Task.Delay(Backoff(attempt), time, cancellationToken).ConfigureAwait(false);
            }
        }
        throw new SaverException($"group {id}: katas.txt kept changing; {member.KataId} {member.Index} was not added after {MaxAppendAttempts} attempts");
    }

    /// <summary>A random wait growing with the attempts, so that writers who collided spread out.</summary>
    private TimeSpan Backoff(int attempt)
    {
        var ceiling = Math.Min(MaxAppendBackoff.TotalMilliseconds, 5.0 * attempt);
        return TimeSpan.FromMilliseconds(1 + random.Next((int)ceiling));
    }
}
