using System.Text;
using Saver.Storage.Blobs;

namespace Saver.Tests.Blobs;

/// <summary>Append blobs: compare-and-append, leases, and the ranged reads that catch up on them.</summary>
public abstract partial class BlobStoreContractTests
{
    [Fact]
    public async Task Blocks_appended_read_back_in_order_whole_or_from_any_offset()
    {
        await Store.CreateAppendBlobAsync("log");
        var first = await Store.AppendAsync("log", Bytes("first,"));
        var second = await Store.AppendAsync("log", Bytes("second"));

        Assert.Equal((0L, 6L), (first.Offset, first.Length));
        Assert.Equal((6L, 12L), (second.Offset, second.Length));
        Assert.Equal("first,second", Text(await Store.GetAsync("log")));
        Assert.Equal("second", Encoding.UTF8.GetString((await Store.GetRangeAsync("log", 6))!.Content.Span));
        Assert.Equal("ond", Encoding.UTF8.GetString((await Store.GetRangeAsync("log", 9))!.Content.Span));
        Assert.Equal(12, (await Store.GetPropertiesAsync("log"))!.Length);
    }

    [Fact]
    public async Task A_range_at_or_past_the_end_is_empty_and_of_no_blob_is_null()
    {
        await Store.CreateAppendBlobAsync("log");
        Assert.Equal(0, (await Store.GetRangeAsync("log", 0))!.Content.Length);
        await Store.AppendAsync("log", Bytes("abc"));

        Assert.Equal(0, (await Store.GetRangeAsync("log", 3))!.Content.Length);
        Assert.Equal(0, (await Store.GetRangeAsync("log", 100))!.Content.Length);
        Assert.Null(await Store.GetRangeAsync("no/such/log", 0));
    }

    [Fact]
    public async Task A_range_reads_block_blobs_too()
    {
        await Store.PutAsync("a/b", Bytes("0123456789"));

        Assert.Equal("789", Encoding.UTF8.GetString((await Store.GetRangeAsync("a/b", 7))!.Content.Span));
    }

    [Fact]
    public async Task Every_append_makes_a_new_etag()
    {
        var created = await Store.CreateAppendBlobAsync("log");
        var appended = await Store.AppendAsync("log", Bytes("x"));

        Assert.NotEqual(created, appended.ETag);
        Assert.Equal(appended.ETag, (await Store.GetPropertiesAsync("log"))!.ETag);
    }

    [Fact]
    public async Task An_append_at_a_stale_position_is_412_AppendPositionConditionNotMet_and_adds_nothing()
    {
        await Store.CreateAppendBlobAsync("log");
        await Store.AppendAsync("log", Bytes("abc"), new AppendConditions(AppendPosition: 0));

        await AssertFailsAsync<BlobConditionFailedException>(412, BlobErrorCode.AppendPositionConditionNotMet,
            () => Store.AppendAsync("log", Bytes("late"), new AppendConditions(AppendPosition: 0)));
        await AssertFailsAsync<BlobConditionFailedException>(412, BlobErrorCode.AppendPositionConditionNotMet,
            () => Store.AppendAsync("log", Bytes("ahead"), new AppendConditions(AppendPosition: 7)));

        await Store.AppendAsync("log", Bytes("def"), new AppendConditions(AppendPosition: 3));
        await AssertContentAsync("log", "abcdef");
    }

    [Fact]
    public async Task Of_many_parallel_appends_at_one_position_exactly_one_lands()
    {
        await Store.CreateAppendBlobAsync("log");
        await Store.AppendAsync("log", Bytes("base;"));

        var attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                await Store.AppendAsync("log", Bytes($"writer {i};"), new AppendConditions(AppendPosition: 5));
                return true;
            }
            catch (BlobConditionFailedException e) when (e.ErrorCode == BlobErrorCode.AppendPositionConditionNotMet)
            {
                return false;
            }
        }));

        var winner = Assert.Single(attempts.Select((won, i) => (won, i)), a => a.won).i;
        await AssertContentAsync("log", $"base;writer {winner};");
    }

    [Fact]
    public async Task A_leased_append_blob_takes_blocks_only_with_its_lease_id()
    {
        await Store.CreateAppendBlobAsync("log");
        var lease = await Store.AcquireLeaseAsync("log", LeaseDuration);

        await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseIdMissing, () => Store.AppendAsync("log", Bytes("no id")));
        await AssertFailsAsync<BlobLeaseException>(412, BlobErrorCode.LeaseIdMismatchWithBlobOperation,
            () => Store.AppendAsync("log", Bytes("wrong id"), new AppendConditions(LeaseId: Guid.NewGuid().ToString())));
        await Store.AppendAsync("log", Bytes("holder"), new AppendConditions(AppendPosition: 0, LeaseId: lease));

        await AssertContentAsync("log", "holder");
        await AssertLeaseStateAsync("log", LeaseState.Leased);
    }

    [Fact]
    public async Task Creating_an_append_blob_create_only_over_an_existing_blob_is_409_BlobAlreadyExists()
    {
        await Store.CreateAppendBlobAsync("log");
        await Store.AppendAsync("log", Bytes("kept"));

        await AssertFailsAsync<BlobConditionFailedException>(409, BlobErrorCode.BlobAlreadyExists,
            () => Store.CreateAppendBlobAsync("log", BlobConditions.CreateOnly));
        await AssertContentAsync("log", "kept");
    }

    [Fact]
    public async Task An_append_to_a_block_blob_is_409_InvalidBlobType_and_to_no_blob_404()
    {
        await Store.PutAsync("a/b", Bytes("block"));

        await AssertFailsAsync<BlobStoreException>(409, BlobErrorCode.InvalidBlobType, () => Store.AppendAsync("a/b", Bytes("x")));
        await AssertFailsAsync<BlobNotFoundException>(404, BlobErrorCode.BlobNotFound, () => Store.AppendAsync("no/such/log", Bytes("x")));
        await AssertContentAsync("a/b", "block");
    }

    [Fact]
    public async Task Append_blobs_are_listed_with_their_length()
    {
        await Store.CreateAppendBlobAsync("logs/one");
        await Store.AppendAsync("logs/one", Bytes("12345"));

        var item = Assert.Single(await Store.ListAsync("logs/").ToListAsync());
        Assert.Equal(("logs/one", 5L), (item.Name, item.Length));
    }
}
