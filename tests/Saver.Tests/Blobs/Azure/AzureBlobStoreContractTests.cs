using Saver.Storage.Blobs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Blobs.Azure;

/// <summary>The shared <see cref="IBlobStore"/> contract, held against Azurite; every test gets a fresh container.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreContractTests(AzuriteFixture azurite) : BlobStoreContractTests
{
    protected override async Task<IBlobStore> CreateStoreAsync() => await azurite.CreateStoreAsync();
}
