using System.Text;
using Saver.Storage.Blobs;

namespace Saver.Tests.Blobs;

/// <summary>
/// The one contract every <see cref="IBlobStore"/> must meet (see the interface's
/// documentation). Each implementation gets a sealed subclass that says how to make a
/// fresh, empty store; the tests here are shared, so the in-memory, local-directory and
/// Azure stores are held to exactly the same behaviour.
/// </summary>
/// <remarks>
/// The suite is split over partial files by topic: reading and writing (here), ETag
/// conditions, listing, leases, leases over time, and concurrency.
/// </remarks>
public abstract partial class BlobStoreContractTests : IAsyncLifetime
{
    /// <summary>The shortest lease Azure grants, and the one Saver's writers use.</summary>
    protected static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(15);

    protected IBlobStore Store { get; private set; } = null!;

    /// <summary>A new, empty store (an empty container, an empty folder…).</summary>
    protected abstract Task<IBlobStore> CreateStoreAsync();

    /// <summary>Called after the tests of one instance; dispose what CreateStoreAsync made.</summary>
    protected virtual Task DisposeStoreAsync() => Task.CompletedTask;

    /// <summary>
    /// Lets time pass as far as the store's leases can tell. A store on a fake clock moves
    /// the clock on at once; the Azure store really waits, so the tests that need this are
    /// few and ask for as little time as Azure's rules allow.
    /// </summary>
    protected abstract Task LetTimePassAsync(TimeSpan duration);

    /// <summary>The store's idea of the current time, to check Last-Modified against.</summary>
    protected virtual DateTimeOffset Now => DateTimeOffset.UtcNow;

    /// <summary>How far the store's clock may be from <see cref="Now"/> (a real service's clock is never quite ours).</summary>
    protected virtual TimeSpan ClockTolerance => TimeSpan.FromMinutes(5);

    /// <summary>
    /// Azure refuses a put carrying a lease id that would create a blob (412); Azurite lets
    /// it through. Saver never sends one, so the difference does not matter to it.
    /// </summary>
    protected virtual bool RefusesLeaseIdOnNewBlob => true;

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => DisposeStoreAsync();

    [Fact]
    public async Task A_missing_blob_reads_as_null()
    {
        Assert.Null(await Store.GetAsync("no/such/blob"));
        Assert.Null(await Store.GetPropertiesAsync("no/such/blob"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4099)]
    [InlineData(3 * 1024 * 1024 + 7)]
    public async Task Content_round_trips_byte_for_byte(int length)
    {
        var content = RandomBytes(length, seed: length);

        await Store.PutAsync("blob/content", content);

        var download = await Store.GetAsync("blob/content");
        Assert.NotNull(download);
        Assert.False(download.NotModified);
        Assert.Equal(content, download.Content.ToArray());
        Assert.Equal(length, download.Properties.Length);
    }

    [Fact]
    public async Task Properties_describe_the_blob_as_written()
    {
        var etag = await Store.PutAsync("katas/Ab/Cd/Ef/manifest.json", Bytes("{\"x\":1}"));

        var properties = await Store.GetPropertiesAsync("katas/Ab/Cd/Ef/manifest.json");

        Assert.NotNull(properties);
        Assert.Equal("katas/Ab/Cd/Ef/manifest.json", properties.Name);
        Assert.Equal(7, properties.Length);
        Assert.Equal(etag, properties.ETag);
        Assert.Equal(LeaseState.Available, properties.LeaseState);
        AssertCloseToNow(properties.LastModified);
    }

    [Fact]
    public async Task A_download_carries_the_blobs_properties()
    {
        var etag = await Store.PutAsync("a/b", Bytes("hello"));

        var download = await Store.GetAsync("a/b");

        Assert.NotNull(download);
        Assert.Equal(await Store.GetPropertiesAsync("a/b"), download.Properties);
        Assert.Equal(etag, download.Properties.ETag);
        Assert.Equal("a/b", download.Properties.Name);
        Assert.Equal(5, download.Properties.Length);
    }

    [Fact]
    public async Task A_put_replaces_the_whole_blob()
    {
        await Store.PutAsync("a/b", Bytes("a long first version"));
        var second = await Store.PutAsync("a/b", Bytes("short"));

        var download = await Store.GetAsync("a/b");

        Assert.Equal("short", Text(download));
        Assert.Equal(5, download!.Properties.Length);
        Assert.Equal(second, download.Properties.ETag);
    }

    [Fact]
    public async Task Every_put_makes_a_new_etag_even_for_identical_content()
    {
        var etags = new List<ETag>();
        for (var i = 0; i < 5; i++) etags.Add(await Store.PutAsync("a/b", Bytes("same")));

        Assert.Equal(etags.Count, etags.Distinct().Count());
        Assert.Equal(etags[^1], (await Store.GetPropertiesAsync("a/b"))!.ETag);
    }

    [Fact]
    public async Task An_etag_is_not_reused_when_a_blob_is_deleted_and_created_again()
    {
        var first = await Store.PutAsync("a/b", Bytes("same"));
        Assert.True(await Store.DeleteAsync("a/b"));

        var second = await Store.PutAsync("a/b", Bytes("same"));

        Assert.NotEqual(first, second);
        await AssertFailsAsync<BlobConditionFailedException>(412, BlobErrorCode.ConditionNotMet,
            () => Store.PutAsync("a/b", Bytes("stale writer"), BlobConditions.Matching(first)));
    }

    [Fact]
    public async Task Last_modified_moves_on_with_a_later_put()
    {
        await Store.PutAsync("a/b", Bytes("1"));
        var first = (await Store.GetPropertiesAsync("a/b"))!.LastModified;

        await LetTimePassAsync(TimeSpan.FromSeconds(2));
        await Store.PutAsync("a/b", Bytes("2"));

        var second = (await Store.GetPropertiesAsync("a/b"))!.LastModified;
        Assert.True(second > first, $"{second:O} should be after {first:O}");
        AssertCloseToNow(second);
    }

    [Fact]
    public async Task Names_are_case_sensitive()
    {
        await Store.PutAsync("katas/Ab/x", Bytes("upper"));
        await Store.PutAsync("katas/aB/x", Bytes("lower"));

        Assert.Equal("upper", Text(await Store.GetAsync("katas/Ab/x")));
        Assert.Equal("lower", Text(await Store.GetAsync("katas/aB/x")));
        Assert.Null(await Store.GetAsync("katas/ab/x"));
    }

    [Fact]
    public async Task A_name_can_be_a_blob_and_the_folder_of_other_blobs()
    {
        await Store.PutAsync("a/b", Bytes("the blob"));
        await Store.PutAsync("a/b/c", Bytes("under it"));

        Assert.Equal("the blob", Text(await Store.GetAsync("a/b")));
        Assert.Equal("under it", Text(await Store.GetAsync("a/b/c")));
        Assert.True(await Store.DeleteAsync("a/b"));
        Assert.Equal("under it", Text(await Store.GetAsync("a/b/c")));
    }

    [Theory]
    [InlineData("with space/x y")]
    [InlineData("unicode/é中😀")]
    [InlineData("percent/%41%2F%")]
    [InlineData("marker/x%blob")]
    [InlineData("dots/.hidden")]
    [InlineData("dots/a..b")]
    [InlineData("dots/...x")]
    [InlineData("punctuation/#1+2=3&a;b'c'~!@$()[]{}")]
    public async Task Unusual_but_valid_names_round_trip(string name)
    {
        await Store.PutAsync(name, Bytes(name));

        Assert.Equal(name, Text(await Store.GetAsync(name)));
        var listed = await Store.ListPageAsync(name.Split('/')[0] + "/");
        Assert.Equal([name], listed.Items.Select(i => i.Name));
    }

    [Fact]
    public async Task A_get_with_the_current_etag_is_not_modified()
    {
        var etag = await Store.PutAsync("a/b", Bytes("cached"));

        var download = await Store.GetAsync("a/b", ifNoneMatch: etag);

        Assert.NotNull(download);
        Assert.True(download.NotModified);
        Assert.Equal(0, download.Content.Length);
        Assert.Equal(etag, download.Properties.ETag);
    }

    [Fact]
    public async Task A_get_with_an_older_etag_returns_the_new_content()
    {
        var old = await Store.PutAsync("a/b", Bytes("old"));
        var current = await Store.PutAsync("a/b", Bytes("new"));

        var download = await Store.GetAsync("a/b", ifNoneMatch: old);

        Assert.NotNull(download);
        Assert.False(download.NotModified);
        Assert.Equal("new", Text(download));
        Assert.Equal(current, download.Properties.ETag);
    }

    [Fact]
    public async Task Delete_returns_true_once_and_then_false()
    {
        await Store.PutAsync("a/b", Bytes("x"));

        Assert.True(await Store.DeleteAsync("a/b"));

        Assert.False(await Store.DeleteAsync("a/b"));
        Assert.Null(await Store.GetAsync("a/b"));
        Assert.Null(await Store.GetPropertiesAsync("a/b"));
        Assert.Empty((await Store.ListPageAsync("a/")).Items);
    }

    [Fact]
    public async Task Deleting_a_blob_that_never_existed_returns_false()
    {
        Assert.False(await Store.DeleteAsync("never/was"));
    }

    // ----- helpers shared by the partial files -----

    protected static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    protected static string? Text(BlobDownload? download) =>
        download is null ? null : Encoding.UTF8.GetString(download.Content.Span);

    protected static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected static string NewLeaseId() => Guid.NewGuid().ToString();

    /// <summary>Asserts the exact exception type, HTTP status and Azure error code of a failure.</summary>
    protected static async Task<TException> AssertFailsAsync<TException>(int status, string errorCode, Func<Task> operation)
        where TException : BlobStoreException
    {
        var e = await Assert.ThrowsAsync<TException>(operation);
        Assert.Equal(status, e.Status);
        Assert.Equal(errorCode, e.ErrorCode);
        return e;
    }

    protected async Task AssertContentAsync(string name, string expected) =>
        Assert.Equal(expected, Text(await Store.GetAsync(name)));

    protected async Task AssertLeaseStateAsync(string name, LeaseState expected) =>
        Assert.Equal(expected, (await Store.GetPropertiesAsync(name))!.LeaseState);

    private void AssertCloseToNow(DateTimeOffset time)
    {
        var now = Now;
        Assert.InRange(time, now - ClockTolerance - TimeSpan.FromSeconds(1), now + ClockTolerance);
    }
}
