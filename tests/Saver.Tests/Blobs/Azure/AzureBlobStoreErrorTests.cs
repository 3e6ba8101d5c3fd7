using System.Net;
using Saver.Storage.Blobs;
using Saver.Storage.Blobs.Azure;
using static Saver.Tests.Blobs.Azure.ScriptedHttpHandler;

namespace Saver.Tests.Blobs.Azure;

/// <summary>How the SDK's failures become the store's typed exceptions, and argument checks made before any request.</summary>
public class AzureBlobStoreErrorTests
{
    private static AzureBlobStore Answering(params Func<HttpRequestMessage, HttpResponseMessage>[] steps) => StoreAnswering(0, steps).Store;

    [Fact]
    public async Task The_code_comes_from_the_xml_body_when_the_header_is_missing_and_the_message_is_its_first_line()
    {
        var store = Answering(Answer(HttpStatusCode.Conflict, body:
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>LeaseAlreadyPresent</Code><Message>There is already a lease present.\nRequestId:x\nTime:y</Message></Error>"));

        var error = await Assert.ThrowsAsync<BlobLeaseException>(() => store.AcquireLeaseAsync("a", TimeSpan.FromSeconds(15)));

        Assert.Equal((409, "LeaseAlreadyPresent"), (error.Status, error.ErrorCode));
        Assert.Contains("There is already a lease present.", error.Message);
        Assert.DoesNotContain("RequestId:x", error.Message);
        Assert.IsType<global::Azure.RequestFailedException>(error.InnerException);
    }

    [Fact]
    public async Task A_missing_container_is_an_error_not_a_missing_blob()
    {
        var store = Answering(Answer(HttpStatusCode.NotFound, "ContainerNotFound"), Answer(HttpStatusCode.NotFound, "ContainerNotFound"));

        var onGet = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.GetAsync("a"));
        var onDelete = await Assert.ThrowsAsync<BlobNotFoundException>(() => store.DeleteAsync("a"));

        Assert.Equal("ContainerNotFound", onGet.ErrorCode);
        Assert.Equal("ContainerNotFound", onDelete.ErrorCode);
    }

    [Fact]
    public async Task A_missing_blob_is_null_or_false_only_with_the_services_code()
    {
        var store = Answering(Answer(HttpStatusCode.NotFound, "BlobNotFound"), Answer(HttpStatusCode.NotFound, "BlobNotFound"),
            Answer(HttpStatusCode.NotFound, body: "<html>no such page</html>"));

        Assert.Null(await store.GetAsync("a"));
        Assert.False(await store.DeleteAsync("a"));
        var fromAProxy = await Assert.ThrowsAnyAsync<BlobStoreException>(() => store.GetAsync("a"));
        Assert.Equal(404, fromAProxy.Status);
        Assert.NotEqual(BlobErrorCode.BlobNotFound, fromAProxy.ErrorCode);
    }

    [Fact]
    public async Task A_body_that_is_not_xml_still_gives_status_and_a_stand_in_code()
    {
        var store = Answering(Answer(HttpStatusCode.BadRequest, body: "<html>proxy says no</html"));

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.PutAsync("a", ReadOnlyMemory<byte>.Empty));

        Assert.Equal((400, "Http400"), (error.Status, error.ErrorCode));
        Assert.False(error.IsUnavailable);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/leading/slash")]
    [InlineData("a/../b")]
    [InlineData("a/./b")]
    [InlineData("..")]
    public async Task Names_that_cannot_address_a_blob_are_rejected_before_sending(string name)
    {
        var (store, handler) = StoreAnswering(0);

        await Assert.ThrowsAsync<ArgumentException>(() => store.GetAsync(name));
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(61)]
    [InlineData(-1)]
    public async Task Lease_durations_outside_15_to_60_seconds_are_rejected(int seconds)
    {
        var store = Answering();

        var e = await Assert.ThrowsAsync<BlobStoreException>(() => store.AcquireLeaseAsync("a", TimeSpan.FromSeconds(seconds)));
        Assert.Equal((400, BlobErrorCode.InvalidHeaderValue), (e.Status, e.ErrorCode));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5001)]
    public async Task Page_sizes_outside_1_to_5000_are_rejected(int pageSize)
    {
        var store = Answering();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => store.ListPageAsync("", null, pageSize));
    }

    [Theory]
    [InlineData("")]
    [InlineData("UPPER")]
    [InlineData("a")]
    [InlineData("double--hyphen")]
    [InlineData("trailing-")]
    public void Invalid_container_names_are_rejected_up_front(string container)
    {
        var options = new AzureBlobStoreOptions { ConnectionString = "UseDevelopmentStorage=true", ContainerName = container };
        Assert.Throws<ArgumentException>(() => options.CreateContainerClient());
    }

    [Fact]
    public void Exactly_one_of_a_connection_string_and_a_service_address_is_given()
    {
        Assert.Throws<ArgumentException>(() => new AzureBlobStoreOptions().Validate());
        Assert.Throws<ArgumentException>(() => new AzureBlobStoreOptions
        {
            ConnectionString = "UseDevelopmentStorage=true",
            ServiceUri = new Uri("https://account.blob.core.windows.net"),
        }.Validate());
    }
}
