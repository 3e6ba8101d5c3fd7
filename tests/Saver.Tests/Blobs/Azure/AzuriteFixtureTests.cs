using Saver.Storage.Blobs.Azure;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Blobs.Azure;

/// <summary>
/// The fixture itself. As a class fixture it is a second Azurite, running beside the shared
/// one of the "Azurite" collection: each instance has its own port and folder.
/// </summary>
public sealed class AzuriteFixtureTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public void Its_connection_string_is_the_explicit_form_pointing_at_it()
    {
        var service = new global::Azure.Storage.Blobs.BlobServiceClient(azurite.ConnectionString);

        Assert.Equal(AzuriteFixture.AccountName, service.AccountName);
        Assert.Equal(azurite.BlobEndpoint.AbsoluteUri.TrimEnd('/'), service.Uri.AbsoluteUri.TrimEnd('/'));
        Assert.Equal("127.0.0.1", service.Uri.Host);
        Assert.True(service.CanGenerateAccountSasUri); // signed with the account key
        Assert.StartsWith("DefaultEndpointsProtocol=http;", azurite.ConnectionString);
    }

    [Fact]
    public async Task Stores_made_in_parallel_get_separate_empty_containers()
    {
        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => azurite.CreateStoreAsync()));
        await Task.WhenAll(stores.Select((store, i) => store.PutAsync("same/name", new[] { (byte)i })));

        Assert.Equal(6, stores.Select(s => s.ContainerName).Distinct().Count());
        for (var i = 0; i < stores.Length; i++)
        {
            var page = await stores[i].ListPageAsync("");
            Assert.Equal(new[] { (byte)i }, (await stores[i].GetAsync(page.Items.Single().Name))!.Content.ToArray());
        }
    }

    [Fact]
    public async Task A_fresh_container_name_is_created_on_request()
    {
        var name = await azurite.CreateContainerAsync();

        Assert.True(AzureBlobStoreOptions.IsValidContainerName(name));
        var store = azurite.StoreFor(name);
        Assert.False(await store.CreateContainerIfNotExistsAsync());
    }
}
