using System.Runtime.CompilerServices;

namespace Saver.Storage.Blobs;

public static class BlobStoreExtensions
{
    /// <summary>Every blob under a prefix, following continuation tokens.</summary>
    public static async IAsyncEnumerable<BlobItem> ListAsync(this IBlobStore store, string prefix,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await store.ListPageAsync(prefix, token, 5000, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items) yield return item;
            token = page.ContinuationToken;
        } while (token is not null);
    }

    /// <summary>True when at least one blob has a name starting with the prefix.</summary>
    public static async Task<bool> AnyAsync(this IBlobStore store, string prefix, CancellationToken cancellationToken = default)
    {
        var page = await store.ListPageAsync(prefix, null, 1, cancellationToken).ConfigureAwait(false);
        return page.Items.Count > 0;
    }
}
