using Saver.Storage.Blobs;

namespace Saver.Storage.Git;

/// <summary>
/// The logs under one folder as one listing found them, each with its ETag then: for a reader
/// that would otherwise ask each log's properties in turn (a dashboard, whose group's members
/// keep their logs under the group). A catch-up whose log is listed with the ETag it knows
/// needs no call of its own; one listed with another ETag reads what was added at once; one
/// not listed asks as it always does.
/// </summary>
public sealed class LogListing
{
    /// <summary>Azure's largest page. A folder with more lists its first page; the others ask for themselves.</summary>
    private const int PageSize = 5000;

    private readonly Dictionary<string, ETag> _etags;

    private LogListing(Dictionary<string, ETag> etags) => _etags = etags;

    /// <summary>One listing call.</summary>
    public static async Task<LogListing> ReadAsync(IBlobStore blobs, string folder, CancellationToken cancellationToken)
    {
        var page = await blobs.ListPageAsync(folder, null, PageSize, cancellationToken).ConfigureAwait(false);
        return new LogListing(page.Items.ToDictionary(item => item.Name, item => item.ETag, StringComparer.Ordinal));
    }

    /// <summary>The ETag the blob was listed with; null when it was not listed.</summary>
    public ETag? ETagOf(string blobName) => _etags.TryGetValue(blobName, out var etag) ? etag : null;

    /// <summary>Whether the folder held no blob.</summary>
    public bool IsEmpty => _etags.Count == 0;
}
