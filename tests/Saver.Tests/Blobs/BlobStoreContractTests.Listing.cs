using Saver.Storage.Blobs;

namespace Saver.Tests.Blobs;

/// <summary>Listing by prefix: ordinal order, plain string prefixes, paging.</summary>
public abstract partial class BlobStoreContractTests
{
    [Fact]
    public async Task Listing_returns_the_blobs_under_a_prefix_in_ordinal_order()
    {
        string[] names = ["k/b", "k/B", "k/a", "k/Z", "k/a/x", "k/a-x", "k/_", "k/0", "other/z", "j/z"];
        foreach (var name in names) await Store.PutAsync(name, Bytes(name));

        var page = await Store.ListPageAsync("k/");

        // Ordinal: digits, upper case, '_', lower case; and '-' (0x2D) sorts before '/' (0x2F).
        Assert.Equal(["k/0", "k/B", "k/Z", "k/_", "k/a", "k/a-x", "k/a/x", "k/b"], page.Items.Select(i => i.Name));
        Assert.Null(page.ContinuationToken);
    }

    [Fact]
    public async Task Listed_items_carry_the_length_etag_and_time_of_the_current_version()
    {
        await Store.PutAsync("a/one", Bytes("1"));
        var etag = await Store.PutAsync("a/one", Bytes("four"));

        var item = Assert.Single((await Store.ListPageAsync("a/")).Items);

        var properties = await Store.GetPropertiesAsync("a/one");
        Assert.Equal(new BlobItem("a/one", 4, etag, properties!.LastModified), item);
    }

    [Fact]
    public async Task Paging_walks_twelve_blobs_in_pages_of_five()
    {
        var names = Enumerable.Range(0, 12).Select(i => $"katas/Ab/Cd/Ef/{i:00}").ToList();
        foreach (var name in names.AsEnumerable().Reverse()) await Store.PutAsync(name, Bytes(name));
        await Store.PutAsync("katas/Ab/Cd/Eg/00", Bytes("a neighbour"));

        var first = await Store.ListPageAsync("katas/Ab/Cd/Ef/", null, 5);
        var second = await Store.ListPageAsync("katas/Ab/Cd/Ef/", first.ContinuationToken, 5);
        var third = await Store.ListPageAsync("katas/Ab/Cd/Ef/", second.ContinuationToken, 5);

        Assert.Equal(names[..5], first.Items.Select(i => i.Name));
        Assert.Equal(names[5..10], second.Items.Select(i => i.Name));
        Assert.Equal(names[10..], third.Items.Select(i => i.Name));
        Assert.NotNull(first.ContinuationToken);
        Assert.NotNull(second.ContinuationToken);
        Assert.Null(third.ContinuationToken);
    }

    [Fact]
    public async Task A_prefix_that_matches_nothing_gives_one_empty_last_page()
    {
        await Store.PutAsync("katas/Ab/Cd/Ef/x", Bytes("x"));

        foreach (var prefix in new[] { "katas/Ab/Cd/Eg/", "katas/Ab/Cd/Ef/y", "groups/", "katas/Ab/Cd/Ef/x/" })
        {
            var page = await Store.ListPageAsync(prefix);
            Assert.Empty(page.Items);
            Assert.Null(page.ContinuationToken);
        }
    }

    [Fact]
    public async Task A_prefix_is_a_plain_string_prefix_not_a_folder()
    {
        string[] names = ["a/b", "a/bc", "a/b/c", "a/b-d", "ab", "a/c"];
        foreach (var name in names) await Store.PutAsync(name, Bytes(name));

        async Task<IEnumerable<string>> List(string prefix) => (await Store.ListPageAsync(prefix)).Items.Select(i => i.Name);

        Assert.Equal(["a/b", "a/b-d", "a/b/c", "a/bc"], await List("a/b"));
        Assert.Equal(["a/b/c"], await List("a/b/"));
        Assert.Equal(["a/b", "a/b-d", "a/b/c", "a/bc", "a/c"], await List("a/"));
        Assert.Equal(["a/b", "a/b-d", "a/b/c", "a/bc", "a/c", "ab"], await List("a"));
        Assert.Equal(["a/b", "a/b-d", "a/b/c", "a/bc", "a/c", "ab"], await List(""));
    }

    [Fact]
    public async Task Paging_through_names_that_share_prefixes_keeps_ordinal_order()
    {
        string[] names = ["a/b", "a/b-d", "a/b/c", "a/b/c/d", "a/bc", "a/c"];
        foreach (var name in names) await Store.PutAsync(name, Bytes(name));

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Store.ListPageAsync("a/", token, 1);
            Assert.True(page.Items.Count <= 1);
            seen.AddRange(page.Items.Select(i => i.Name));
            token = page.ContinuationToken;
        } while (token is not null && ++pages < 20);

        Assert.Equal(names, seen);
    }

    [Fact]
    public async Task Paging_resumes_after_the_last_name_seen_when_blobs_change_between_pages()
    {
        foreach (var name in new[] { "p/a", "p/b", "p/c", "p/d" }) await Store.PutAsync(name, Bytes(name));
        var first = await Store.ListPageAsync("p/", null, 2);
        Assert.Equal(["p/a", "p/b"], first.Items.Select(i => i.Name));

        await Store.DeleteAsync("p/c");
        await Store.PutAsync("p/aa", Bytes("before the token: not seen"));
        await Store.PutAsync("p/e", Bytes("after the token: seen"));
        var rest = await Store.ListPageAsync("p/", first.ContinuationToken, 5);

        Assert.Equal(["p/d", "p/e"], rest.Items.Select(i => i.Name));
        Assert.Null(rest.ContinuationToken);
    }

    [Fact]
    public async Task The_listing_extensions_see_every_blob_under_a_prefix()
    {
        foreach (var i in Enumerable.Range(0, 7)) await Store.PutAsync($"x/{i}", Bytes("x"));

        var all = new List<string>();
        await foreach (var item in Store.ListAsync("x/")) all.Add(item.Name);

        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"x/{i}"), all);
        Assert.True(await Store.AnyAsync("x/"));
        Assert.False(await Store.AnyAsync("y/"));
    }
}
