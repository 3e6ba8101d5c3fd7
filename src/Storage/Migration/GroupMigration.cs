using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Storage.Json;
using Saver.Storage.Katas;

namespace Saver.Storage.Migration;

/// <summary>
/// group_migrate: turns a group of format 0 or 1 into format 2 (docs/storage-layout.md),
/// its katas first, so that once the group says version 2 it can be joined and every member
/// written to. The steps, each safe to repeat and none visible to readers until the last:
/// <list type="number">
/// <item>every member kata is migrated (a failure stops here: the group is as it was);</item>
/// <item>format 0 gets katas.txt, one line per member in avatar order (create-only);</item>
/// <item>each member's avatar is claimed with <c>&lt;index&gt;/.dir</c> (create-only);</item>
/// <item>the original manifest is kept as <c>manifest.v0.json</c> or <c>manifest.v1.json</c> (create-only);</item>
/// <item>manifest.json is replaced by the compact format-2 manifest, on condition that it is
/// still the one read at the start. Of two migrations at once only one does this.</item>
/// </list>
/// Until the last step the group is read-only (505 on join), so nothing else changes its
/// members meanwhile.
/// </summary>
public sealed class GroupMigration(GroupStore groups, KataMigration katas, IBlobStore blobs, ILogger<GroupMigration> logger)
{
    /// <exception cref="UnknownIdException">No such group.</exception>
    /// <exception cref="SaverException">A group (or member) that cannot be migrated, and why.</exception>
    public Task<GroupMigrationResult> MigrateAsync(string id, CancellationToken cancellationToken = default) =>
        MigrateAsync(EntityId.TryParse(id, out var parsed) ? parsed : throw new UnknownIdException($"group {id} does not exist"),
            cancellationToken);

    public async Task<GroupMigrationResult> MigrateAsync(EntityId id, CancellationToken cancellationToken = default)
    {
        var manifestBlob = GroupLayout.ManifestBlobName(id);
        var download = await blobs.GetAsync(manifestBlob, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new UnknownIdException($"group {id} does not exist");
        var manifest = SaverJson.Parse(download.Content.Span) as JsonObject
            ?? throw new SaverException($"group {id} has a manifest.json that is not a JSON object");
        var version = KataService.ManifestVersion(manifest["version"], 0);
        if (version == 2) return new GroupMigrationResult(id, 2, Migrated: false, []);
        if (version is not (0 or 1)) throw new SaverException($"group {id} has manifest version {version}, which is not 0, 1 or 2");

        var members = await MembersAsync(id, version, cancellationToken).ConfigureAwait(false);
        var results = new List<(int, KataMigrationResult)>();
        foreach (var member in members)
            results.Add((member.Index, await MigrateMemberAsync(id, member, cancellationToken).ConfigureAwait(false)));

        if (version == 0)
            await blobs.TryCreateAsync(GroupLayout.KatasBlobName(id), KatasText(members), cancellationToken).ConfigureAwait(false);
        foreach (var member in members)
            await groups.TryClaimAsync(id, member.Index, cancellationToken).ConfigureAwait(false);
        await blobs.TryCreateAsync(BackupBlobName(id, (int)version), download.Content, cancellationToken).ConfigureAwait(false);

        LinedFiles.Unline(manifest["visible_files"]);
        manifest["version"] = 2;
        try
        {
            await blobs.PutAsync(manifestBlob, SaverJson.CompactBytes(manifest), BlobConditions.Matching(download.Properties.ETag),
                cancellationToken).ConfigureAwait(false);
        }
        catch (BlobConditionFailedException)
        {
            logger.LogDebug("Group {GroupId} was migrated by another migration at the same time", id);
            return new GroupMigrationResult(id, (int)version, Migrated: false, results);
        }
        logger.LogDebug("Migrated group {GroupId} from format {Version} to 2 ({Members} katas)", id, version, members.Count);
        return new GroupMigrationResult(id, (int)version, Migrated: true, results);
    }

    /// <summary>Where the original manifest.json is kept once the group has been migrated.</summary>
    public static string BackupBlobName(EntityId id, int version) =>
        GroupLayout.Prefix(id) + string.Create(CultureInfo.InvariantCulture, $"manifest.v{version}.json");

    /// <summary>The members in avatar order; two katas listed for one avatar cannot both be kept, so that is refused.</summary>
    private async Task<List<GroupMember>> MembersAsync(EntityId id, long version, CancellationToken cancellationToken)
    {
        var members = (await groups.ReadMembersAsync(id, version, cancellationToken).ConfigureAwait(false))
            .Distinct().OrderBy(m => m.Index).ToList();
        foreach (var clash in members.GroupBy(m => m.Index).Where(g => g.Count() > 1))
            throw new SaverException(
                $"group {id} cannot be migrated: avatar {clash.Key} is listed for katas {string.Join(" and ", clash.Select(m => m.KataId))}");
        return members;
    }

    private async Task<KataMigrationResult> MigrateMemberAsync(EntityId id, GroupMember member, CancellationToken cancellationToken)
    {
        try
        {
            return await katas.MigrateAsync(member.KataId, cancellationToken).ConfigureAwait(false);
        }
        catch (SaverException e)
        {
            throw new SaverException($"group {id} cannot be migrated: its kata {member.KataId} (avatar {member.Index}): {e.Message}", e);
        }
    }

    private static byte[] KatasText(IEnumerable<GroupMember> members)
    {
        var text = new StringBuilder();
        foreach (var member in members) text.Append(KatasFile.Line(member));
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
