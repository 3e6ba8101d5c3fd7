using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Json;

namespace Saver.Storage.Forks;

/// <summary>
/// The katas and groups forked from each content (see <see cref="ForkLayout"/>): kata_fork and
/// group_fork record every copy they make, so counting the forks of a light lists one prefix
/// and never scans the katas.
/// </summary>
/// <remarks>
/// A record is written <em>before</em> its copy exists, so no crash can leave a copy without
/// one:
/// <list type="number">
/// <item>a zero-length record (pending) is put under the id the copy is about to take;</item>
/// <item>the copy is created under that id (the create that takes the id);</item>
/// <item>the record is rewritten with its origin (confirmed).</item>
/// </list>
/// A confirmed record counts. A pending one counts exactly when its kata or group exists:
/// that covers a fork that died between 2 and 3 (the copy exists: counted) and one that died
/// in or before 2 (no copy: not counted), and a fork still on its way is counted from the
/// moment its copy exists. Only when the id turns out to be taken already is the pending
/// record deleted again. Ids are random and checked free before a create, so a pending record
/// left by a crash is never met by another entity in practice.
/// </remarks>
public sealed class ForkIndex(IBlobStore blobs, ILogger<ForkIndex> logger)
{
    /// <summary>
    /// <paramref name="tryCreate"/> (an id generator's atomic create, false when the id is
    /// taken) with the fork recorded around it, under the content it copies.
    /// </summary>
    public Func<EntityId, CancellationToken, Task<bool>> Recording(ForkOrigin origin, EntityKind kind,
        Func<EntityId, CancellationToken, Task<bool>> tryCreate)
    {
        ArgumentNullException.ThrowIfNull(origin);
        ArgumentNullException.ThrowIfNull(tryCreate);
        return async (candidate, cancellationToken) =>
        {
            var record = ForkLayout.RecordName(origin.Content, kind, candidate);
            await blobs.PutAsync(record, ReadOnlyMemory<byte>.Empty, cancellationToken: cancellationToken).ConfigureAwait(false);
            // A create that fails or is cancelled may still have made the copy: the pending record stays and decides by its existence.
            if (!await tryCreate(candidate, cancellationToken).ConfigureAwait(false))
            {
                await blobs.DeleteAsync(record, cancellationToken: CancellationToken.None).ConfigureAwait(false);
                return false;
            }
            await ConfirmAsync(record, origin, kind, candidate).ConfigureAwait(false);
            return true;
        };
    }

    /// <summary>How many katas and groups were forked from <paramref name="content"/>.</summary>
    public async Task<ForkCount> CountAsync(ContentHash content, CancellationToken cancellationToken = default)
    {
        int katas = 0, groups = 0;
        await foreach (var item in blobs.ListAsync(ForkLayout.Prefix(content), cancellationToken).ConfigureAwait(false))
        {
            if (!ForkLayout.TryParseRecord(content, item.Name, out var kind, out var id)) continue;
            var pending = item.Length == 0;
            if (pending && !await blobs.AnyAsync(id.PathUnder(kind), cancellationToken).ConfigureAwait(false)) continue;
            if (kind == EntityKind.Kata) katas++;
            else groups++;
        }
        return new ForkCount(katas, groups);
    }

    /// <summary>
    /// Marks the record as made, so reads count it without looking for its copy. The copy
    /// exists, so the fork has happened whatever this put does: its failure is logged, not
    /// raised, and the pending record still counts.
    /// </summary>
    private async Task ConfirmAsync(string record, ForkOrigin origin, EntityKind kind, EntityId id)
    {
        var confirmation = SaverJson.CompactBytes(new JsonObject { ["forked_from"] = origin.SourceKataId });
        try
        {
            await blobs.PutAsync(record, confirmation, cancellationToken: CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OutOfMemoryException)
        {
            logger.LogWarning(failure, "The {Kind} {Id} forked from kata {Source} is recorded as pending in {Record}; it is counted while it exists",
                kind.Name(), id, origin.SourceKataId, record);
        }
    }
}
