using Saver.Storage.Blobs;
using Saver.Storage.Ids;
using Saver.Storage.Katas;

namespace Saver.Benchmarks.Scenarios;

/// <summary>
/// A format-2 kata's repository blob as it was once prepared, so it can be put back: the
/// whole kata is that one blob (docs/storage-layout.md), so this restores every event.
/// </summary>
public sealed class PreparedRepository
{
    private readonly IBlobStore _blobs;
    private readonly string _blobName;
    private readonly byte[] _content;

    private PreparedRepository(IBlobStore blobs, string blobName, byte[] content)
    {
        _blobs = blobs;
        _blobName = blobName;
        _content = content;
    }

    public static async Task<PreparedRepository> KeepAsync(IBlobStore blobs, string kataId, CancellationToken cancellationToken)
    {
        var blobName = KataLayout.RepositoryBlobName(EntityId.Parse(kataId));
        var download = await blobs.GetAsync(blobName, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{blobName} is missing");
        return new PreparedRepository(blobs, blobName, download.Content.ToArray());
    }

    /// <summary>
    /// Replaces the blob with the kept content. It gets a new ETag, so Saver's snapshot cache
    /// sees a change and unpacks it on the next read, as for a write by another instance.
    /// </summary>
    public Task RestoreAsync(CancellationToken cancellationToken) =>
        _blobs.PutAsync(_blobName, _content, cancellationToken: cancellationToken);
}
