using Saver.Storage.Blobs;
using Saver.Storage.Blobs.Azure;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Blobs.Azure;

/// <summary>Listing by prefix, in name order, page by page, against a real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreListTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private AzureBlobStore _store = null!;

    public async Task InitializeAsync() => _store = await azurite.CreateStoreAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Twelve_blobs_come_in_pages_of_five_five_and_two_in_ordinal_order()
    {
        var names = Enumerable.Range(0, 12).Select(i => $"k/{(char)('a' + (i * 7) % 12)}{i:D2}").ToList();
        foreach (var name in names) await _store.PutAsync(name, new byte[] { (byte)name.Length });
        await _store.PutAsync("other/x", new byte[] { 1 });

        var pages = new List<BlobPage>();
        string? token = null;
        do
        {
            var page = await _store.ListPageAsync("k/", token, pageSizeHint: 5);
            pages.Add(page);
            token = page.ContinuationToken;
        } while (token is not null);

        Assert.Equal([5, 5, 2], pages.Select(p => p.Items.Count));
        Assert.Equal(names.Order(StringComparer.Ordinal), pages.SelectMany(p => p.Items).Select(i => i.Name));
        Assert.Null(pages[^1].ContinuationToken);
    }

    [Fact]
    public async Task Items_carry_length_etag_and_last_modified_like_the_blob_properties()
    {
        var etag = await _store.PutAsync("a/one", new byte[] { 1, 2, 3, 4 });

        var item = (await _store.ListPageAsync("a/")).Items.Single();
        var properties = (await _store.GetPropertiesAsync("a/one"))!;

        Assert.Equal(("a/one", 4L, etag), (item.Name, item.Length, item.ETag));
        Assert.Equal(properties.LastModified, item.LastModified);
    }

    [Fact]
    public async Task The_prefix_is_a_plain_string_prefix_not_a_folder()
    {
        foreach (var name in new[] { "ab", "abc/d", "abd", "b", "a" }) await _store.PutAsync(name, new byte[] { 1 });

        var page = await _store.ListPageAsync("ab");

        Assert.Equal(["ab", "abc/d", "abd"], page.Items.Select(i => i.Name));
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Ordinal_order_puts_upper_case_and_digits_before_lower_case()
    {
        foreach (var name in new[] { "b", "B", "a", "A", "1", "_" }) await _store.PutAsync(name, new byte[] { 1 });

        var page = await _store.ListPageAsync("");

        Assert.Equal(["1", "A", "B", "_", "a", "b"], page.Items.Select(i => i.Name));
    }

    [Fact]
    public async Task An_empty_container_or_unmatched_prefix_is_one_empty_last_page()
    {
        var page = await _store.ListPageAsync("nothing/");

        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task A_prefix_with_spaces_and_unicode_matches()
    {
        await _store.PutAsync("dir with space/ü-1", new byte[] { 1 });
        await _store.PutAsync("dir with space/u-2", new byte[] { 1 });

        Assert.Equal(["dir with space/ü-1"], (await _store.ListPageAsync("dir with space/ü")).Items.Select(i => i.Name));
    }

    [Fact]
    public async Task The_list_extensions_follow_every_continuation()
    {
        for (var i = 0; i < 7; i++) await _store.PutAsync($"x/{i}", new byte[] { 1 });

        var all = new List<string>();
        await foreach (var item in _store.ListAsync("x/")) all.Add(item.Name);

        Assert.Equal(7, all.Count);
        Assert.True(await _store.AnyAsync("x/"));
        Assert.False(await _store.AnyAsync("y/"));
    }
}
