using System.Collections.Concurrent;
using Saver.Storage.Blobs;

namespace Saver.Tests.Infrastructure;

/// <summary>A blob store that passes everything through to a real one and remembers every prefix listed, so a test can tell what a read scanned.</summary>
public sealed class ListingRecorderBlobStore(IBlobStore inner) : DelegatingBlobStore(inner)
{
    private readonly ConcurrentQueue<string> _prefixes = new();

    /// <summary>Every prefix listed so far, in order (a listing of several pages appears once per page).</summary>
    public IReadOnlyList<string> Prefixes => [.. _prefixes];

    public void Forget() => _prefixes.Clear();

    public override Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = 5000, CancellationToken cancellationToken = default)
    {
        _prefixes.Enqueue(prefix);
        return base.ListPageAsync(prefix, continuationToken, pageSizeHint, cancellationToken);
    }
}
