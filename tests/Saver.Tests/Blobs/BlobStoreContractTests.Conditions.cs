using Saver.Storage.Blobs;

namespace Saver.Tests.Blobs;

/// <summary>ETag conditions on writes: create-only (If-None-Match: *) and If-Match.</summary>
public abstract partial class BlobStoreContractTests
{
    [Fact]
    public async Task A_create_only_put_creates_a_missing_blob()
    {
        var etag = await Store.PutAsync("a/b", Bytes("first"), BlobConditions.CreateOnly);

        await AssertContentAsync("a/b", "first");
        Assert.Equal(etag, (await Store.GetPropertiesAsync("a/b"))!.ETag);
    }

    [Fact]
    public async Task A_create_only_put_on_an_existing_blob_fails_with_409_BlobAlreadyExists()
    {
        var etag = await Store.PutAsync("a/b", Bytes("first"));

        await AssertFailsAsync<BlobConditionFailedException>(409, BlobErrorCode.BlobAlreadyExists,
            () => Store.PutAsync("a/b", Bytes("second"), BlobConditions.CreateOnly));

        await AssertContentAsync("a/b", "first");
        Assert.Equal(etag, (await Store.GetPropertiesAsync("a/b"))!.ETag);
    }

    [Fact]
    public async Task A_create_only_put_works_again_once_the_blob_is_deleted()
    {
        await Store.PutAsync("a/b", Bytes("first"), BlobConditions.CreateOnly);
        await Store.DeleteAsync("a/b");

        await Store.PutAsync("a/b", Bytes("again"), BlobConditions.CreateOnly);

        await AssertContentAsync("a/b", "again");
    }

    [Fact]
    public async Task An_if_match_put_with_the_current_etag_replaces_the_blob()
    {
        var first = await Store.PutAsync("a/b", Bytes("first"));

        var second = await Store.PutAsync("a/b", Bytes("second"), BlobConditions.Matching(first));

        Assert.NotEqual(first, second);
        await AssertContentAsync("a/b", "second");
        Assert.Equal(second, (await Store.GetPropertiesAsync("a/b"))!.ETag);
    }

    [Fact]
    public async Task An_if_match_put_with_a_stale_etag_fails_with_412_ConditionNotMet()
    {
        var first = await Store.PutAsync("a/b", Bytes("first"));
        var second = await Store.PutAsync("a/b", Bytes("second"));

        await AssertFailsAsync<BlobConditionFailedException>(412, BlobErrorCode.ConditionNotMet,
            () => Store.PutAsync("a/b", Bytes("lost update"), BlobConditions.Matching(first)));

        await AssertContentAsync("a/b", "second");
        Assert.Equal(second, (await Store.GetPropertiesAsync("a/b"))!.ETag);
    }

    [Fact]
    public async Task An_if_match_put_on_a_missing_blob_fails_with_412_ConditionNotMet()
    {
        var etag = await Store.PutAsync("a/other", Bytes("x"));

        await AssertFailsAsync<BlobConditionFailedException>(412, BlobErrorCode.ConditionNotMet,
            () => Store.PutAsync("a/b", Bytes("x"), BlobConditions.Matching(etag)));

        Assert.Null(await Store.GetAsync("a/b"));
    }

    [Fact]
    public async Task A_delete_with_the_current_etag_deletes()
    {
        var etag = await Store.PutAsync("a/b", Bytes("x"));

        Assert.True(await Store.DeleteAsync("a/b", BlobConditions.Matching(etag)));

        Assert.Null(await Store.GetAsync("a/b"));
    }

    [Fact]
    public async Task A_delete_with_a_stale_etag_fails_with_412_ConditionNotMet()
    {
        var first = await Store.PutAsync("a/b", Bytes("first"));
        await Store.PutAsync("a/b", Bytes("second"));

        await AssertFailsAsync<BlobConditionFailedException>(412, BlobErrorCode.ConditionNotMet,
            () => Store.DeleteAsync("a/b", BlobConditions.Matching(first)));

        await AssertContentAsync("a/b", "second");
    }
}
