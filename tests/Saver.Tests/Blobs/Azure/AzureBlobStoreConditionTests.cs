using Saver.Storage.Blobs;
using Saver.Storage.Blobs.Azure;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Blobs.Azure;

/// <summary>Conditional puts and deletes (ETags, create-only) against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreConditionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly ETag StaleETag = new("\"0x8D000000DEADBEE\"");
    private AzureBlobStore _store = null!;

    public async Task InitializeAsync() => _store = await azurite.CreateStoreAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Create_only_creates_a_missing_blob()
    {
        var etag = await _store.PutAsync("new", new byte[] { 1 }, BlobConditions.CreateOnly);

        Assert.Equal(etag, (await _store.GetPropertiesAsync("new"))!.ETag);
    }

    [Fact]
    public async Task Create_only_on_an_existing_blob_is_409_BlobAlreadyExists_and_changes_nothing()
    {
        var etag = await _store.PutAsync("taken", new byte[] { 1 });

        var error = await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            _store.PutAsync("taken", new byte[] { 2 }, BlobConditions.CreateOnly));

        Assert.Equal((409, BlobErrorCode.BlobAlreadyExists), (error.Status, error.ErrorCode));
        Assert.Equal(etag, (await _store.GetPropertiesAsync("taken"))!.ETag);
    }

    [Fact]
    public async Task If_match_with_the_current_etag_replaces()
    {
        var etag = await _store.PutAsync("m", new byte[] { 1 });

        var next = await _store.PutAsync("m", new byte[] { 2 }, BlobConditions.Matching(etag));

        Assert.NotEqual(etag, next);
        Assert.Equal(new byte[] { 2 }, (await _store.GetAsync("m"))!.Content.ToArray());
    }

    [Fact]
    public async Task If_match_with_a_stale_etag_is_412_ConditionNotMet_and_changes_nothing()
    {
        var old = await _store.PutAsync("m", new byte[] { 1 });
        var current = await _store.PutAsync("m", new byte[] { 2 });

        var error = await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            _store.PutAsync("m", new byte[] { 3 }, BlobConditions.Matching(old)));

        Assert.Equal((412, BlobErrorCode.ConditionNotMet), (error.Status, error.ErrorCode));
        Assert.Equal(current, (await _store.GetPropertiesAsync("m"))!.ETag);
    }

    [Fact]
    public async Task If_match_on_a_missing_blob_fails_and_creates_nothing()
    {
        var error = await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            _store.PutAsync("absent", new byte[] { 1 }, BlobConditions.Matching(StaleETag)));

        // If-Match never holds when there is nothing to match (the docs once said 404 here).
        Assert.Equal((412, BlobErrorCode.ConditionNotMet), (error.Status, error.ErrorCode));
        Assert.Null(await _store.GetPropertiesAsync("absent"));
    }

    [Fact]
    public async Task An_etag_from_a_listing_works_as_a_condition()
    {
        await _store.PutAsync("listed", new byte[] { 1 });
        var listed = (await _store.ListPageAsync("listed")).Items.Single();

        await _store.PutAsync("listed", new byte[] { 2 }, BlobConditions.Matching(listed.ETag));
    }

    [Fact]
    public async Task Delete_if_match_with_the_current_etag_deletes()
    {
        var etag = await _store.PutAsync("d", new byte[] { 1 });

        Assert.True(await _store.DeleteAsync("d", BlobConditions.Matching(etag)));
        Assert.Null(await _store.GetPropertiesAsync("d"));
    }

    [Fact]
    public async Task Delete_if_match_with_a_stale_etag_is_412_ConditionNotMet_and_keeps_the_blob()
    {
        await _store.PutAsync("d", new byte[] { 1 });

        var error = await Assert.ThrowsAsync<BlobConditionFailedException>(() => _store.DeleteAsync("d", BlobConditions.Matching(StaleETag)));

        Assert.Equal((412, BlobErrorCode.ConditionNotMet), (error.Status, error.ErrorCode));
        Assert.NotNull(await _store.GetPropertiesAsync("d"));
    }

    [Fact]
    public async Task Delete_if_match_on_a_missing_blob_is_412_ConditionNotMet_not_false()
    {
        // The condition is judged before existence: no blob has the ETag, so 412.
        var error = await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            _store.DeleteAsync("absent", BlobConditions.Matching(StaleETag)));

        Assert.Equal((412, BlobErrorCode.ConditionNotMet), (error.Status, error.ErrorCode));
    }

    [Fact]
    public async Task Concurrent_create_only_puts_let_exactly_one_writer_win()
    {
        var attempts = Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                await _store.PutAsync("race", new[] { (byte)i }, BlobConditions.CreateOnly);
                return true;
            }
            catch (BlobConditionFailedException) { return false; }
        });

        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(won => won));
    }
}
