using System.Text;
using Saver.Storage.Blobs;
using Saver.Storage.Blobs.Azure;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Blobs.Azure;

/// <summary>Whole-blob put, get, properties and delete against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreReadWriteTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private AzureBlobStore _store = null!;

    public async Task InitializeAsync() => _store = await azurite.CreateStoreAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_put_blob_reads_back_with_the_etag_the_put_returned()
    {
        var etag = await _store.PutAsync("kata/A1/manifest.json", Encoding.UTF8.GetBytes("{\"x\":1}"));

        var download = await _store.GetAsync("kata/A1/manifest.json");

        Assert.NotNull(download);
        Assert.False(download.NotModified);
        Assert.Equal("{\"x\":1}", Encoding.UTF8.GetString(download.Content.Span));
        Assert.Equal(etag, download.Properties.ETag);
        Assert.Equal(7, download.Properties.Length);
        Assert.Equal("kata/A1/manifest.json", download.Properties.Name);
        Assert.Equal(LeaseState.Available, download.Properties.LeaseState);
        Assert.InRange(download.Properties.LastModified, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddMinutes(5));
    }

    [Fact]
    public async Task Properties_match_the_blob_without_its_content()
    {
        var etag = await _store.PutAsync("p", new byte[] { 1, 2, 3 });

        var properties = await _store.GetPropertiesAsync("p");

        Assert.NotNull(properties);
        Assert.Equal(("p", 3L, etag, LeaseState.Available), (properties.Name, properties.Length, properties.ETag, properties.LeaseState));
    }

    [Fact]
    public async Task Every_put_gives_a_new_etag()
    {
        var first = await _store.PutAsync("e", new byte[] { 1 });
        var second = await _store.PutAsync("e", new byte[] { 1 });

        Assert.NotEqual(first, second);
        Assert.Equal(second, (await _store.GetPropertiesAsync("e"))!.ETag);
    }

    [Fact]
    public async Task A_get_with_the_current_etag_is_not_modified_and_carries_no_content()
    {
        var etag = await _store.PutAsync("cached", new byte[] { 1, 2, 3 });

        var download = await _store.GetAsync("cached", ifNoneMatch: etag);

        Assert.NotNull(download);
        Assert.True(download.NotModified);
        Assert.True(download.Content.IsEmpty);
        Assert.Equal(etag, download.Properties.ETag);
    }

    [Fact]
    public async Task A_get_with_an_old_etag_transfers_the_new_content()
    {
        var old = await _store.PutAsync("cached", new byte[] { 1 });
        await _store.PutAsync("cached", new byte[] { 2, 2 });

        var download = await _store.GetAsync("cached", ifNoneMatch: old);

        Assert.False(download!.NotModified);
        Assert.Equal(new byte[] { 2, 2 }, download.Content.ToArray());
    }

    [Fact]
    public async Task A_missing_blob_reads_as_null_and_deletes_as_false()
    {
        Assert.Null(await _store.GetAsync("no/such/blob"));
        Assert.Null(await _store.GetAsync("no/such/blob", ifNoneMatch: new ETag("\"0x1\"")));
        Assert.Null(await _store.GetPropertiesAsync("no/such/blob"));
        Assert.False(await _store.DeleteAsync("no/such/blob"));
    }

    [Fact]
    public async Task A_deleted_blob_is_gone()
    {
        await _store.PutAsync("d", new byte[] { 1 });

        Assert.True(await _store.DeleteAsync("d"));

        Assert.Null(await _store.GetAsync("d"));
        Assert.False(await _store.DeleteAsync("d"));
    }

    [Fact]
    public async Task Empty_content_round_trips()
    {
        await _store.PutAsync("empty", ReadOnlyMemory<byte>.Empty);

        var download = await _store.GetAsync("empty");

        Assert.True(download!.Content.IsEmpty);
        Assert.Equal(0, download.Properties.Length);
        Assert.Equal(0, (await _store.GetPropertiesAsync("empty"))!.Length);
    }

    [Fact]
    public async Task Several_megabytes_of_every_byte_value_round_trip()
    {
        var content = new byte[5 * 1024 * 1024 + 17];
        new Random(42).NextBytes(content);
        for (var b = 0; b < 256; b++) content[b] = (byte)b;

        await _store.PutAsync("big.bin", content);
        var download = await _store.GetAsync("big.bin");

        Assert.Equal(content.Length, download!.Properties.Length);
        Assert.True(content.AsSpan().SequenceEqual(download.Content.Span));
    }

    [Theory]
    [InlineData("with space/and more spaces.txt")]
    [InlineData("ünïcödé/日本語/файл")]
    [InlineData("emoji/😀 smile")]
    [InlineData("reserved/a+b=c&d?e#f%g;h,i@j$k!l'm(n)o*p~q")]
    [InlineData("deep/a/b/c/d/e/f/g/h")]
    public async Task Names_with_spaces_unicode_and_url_reserved_characters_address_one_blob(string name)
    {
        await _store.PutAsync(name, Encoding.UTF8.GetBytes(name));

        Assert.Equal(name, Encoding.UTF8.GetString((await _store.GetAsync(name))!.Content.Span));
        Assert.Equal(name, (await _store.GetPropertiesAsync(name))!.Name);
        Assert.Equal([name], (await _store.ListPageAsync("")).Items.Select(i => i.Name));
        Assert.True(await _store.DeleteAsync(name));
        Assert.Empty((await _store.ListPageAsync("")).Items);
    }

    [Fact]
    public async Task Names_are_case_sensitive()
    {
        await _store.PutAsync("Case", new byte[] { 1 });
        await _store.PutAsync("case", new byte[] { 2 });

        Assert.Equal(new byte[] { 1 }, (await _store.GetAsync("Case"))!.Content.ToArray());
        Assert.Equal(new byte[] { 2 }, (await _store.GetAsync("case"))!.Content.ToArray());
    }

    [Fact]
    public async Task Creating_an_existing_container_is_not_an_error()
    {
        Assert.False(await _store.CreateContainerIfNotExistsAsync());
    }

    [Fact]
    public async Task A_missing_container_fails_loudly_rather_than_looking_empty()
    {
        var store = azurite.StoreFor(AzuriteFixture.NewContainerName());

        var onGet = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.GetAsync("x"));
        var onHead = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.GetPropertiesAsync("x"));
        var onList = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.ListPageAsync(""));

        Assert.All([onGet, onHead, onList], e => Assert.Equal((404, "ContainerNotFound"), (e.Status, e.ErrorCode)));
    }

    [Fact]
    public async Task A_wrong_key_is_a_403_authentication_failure()
    {
        var options = azurite.OptionsFor(_store.ContainerName);
        options.ConnectionString = $"AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint={azurite.BlobEndpoint}";
        var store = new AzureBlobStore(options.CreateContainerClient());

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.GetAsync("x"));

        // Azure answers 403 AuthenticationFailed; Azurite 403 AuthorizationFailure.
        Assert.Equal((403, "AuthorizationFailure"), (error.Status, error.ErrorCode));
    }
}
