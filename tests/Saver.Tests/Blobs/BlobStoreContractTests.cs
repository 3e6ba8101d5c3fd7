using Saver.Storage.Blobs;

namespace Saver.Tests.Blobs;

/// <summary>
/// The one contract every <see cref="IBlobStore"/> must meet (see the interface's
/// documentation). Each implementation gets a sealed subclass that says how to make a
/// fresh, empty store; the tests here are shared, so the in-memory, local-directory and
/// Azure stores are held to exactly the same behaviour.
/// </summary>
public abstract class BlobStoreContractTests : IAsyncLifetime
{
    protected IBlobStore Store { get; private set; } = null!;

    /// <summary>A new, empty store (an empty container, an empty folder…).</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync();

    /// <summary>Called after the tests of one instance; dispose what CreateStoreAsync made.</summary>
    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    [Fact]
    public async Task A_missing_blob_reads_as_null()
    {
        Assert.Null(await Store.GetAsync("no/such/blob"));
        Assert.Null(await Store.GetPropertiesAsync("no/such/blob"));
    }
}
