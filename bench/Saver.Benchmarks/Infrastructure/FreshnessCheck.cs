using Saver.Storage.Blobs;

namespace Saver.Benchmarks.Infrastructure;

/// <summary>A call that asks whether blobs changed: one blob's properties, or one page listing a folder.</summary>
public sealed record FreshnessCheck(FreshnessCheck.Kind Call, string Name)
{
    public enum Kind { Properties, Listing }

    /// <summary>The same call, asked of <paramref name="store"/>.</summary>
    public Task AskAsync(IBlobStore store, CancellationToken cancellationToken) => Call == Kind.Properties
        ? store.GetPropertiesAsync(Name, cancellationToken)
        : store.ListPageAsync(Name, null, 5000, cancellationToken);
}
