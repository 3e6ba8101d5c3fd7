using Saver.Storage.Blobs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Blobs.Azure;

/// <summary>The shared <see cref="IBlobStore"/> contract, held against Azurite; every test gets a fresh container.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreContractTests(AzuriteFixture azurite) : BlobStoreContractTests
{
    protected override async Task<IBlobStore> CreateStoreAsync() => await azurite.CreateStoreAsync();

    /// <summary>Azurite keeps real time, so lease expiry is really waited for.</summary>
    protected override Task LetTimePassAsync(TimeSpan duration) => Task.Delay(duration);

    /// <summary>Azurite (unlike Azure) creates a blob from a put that carries a lease id.</summary>
    protected override bool RefusesLeaseIdOnNewBlob => false;
}
