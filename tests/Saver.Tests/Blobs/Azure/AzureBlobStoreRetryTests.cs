using System.Net;
using Saver.Storage.Blobs;
using static Saver.Tests.Blobs.Azure.ScriptedHttpHandler;

namespace Saver.Tests.Blobs.Azure;

/// <summary>
/// The retries are the SDK's own, as <c>AzureBlobStoreOptions</c> configures them: what it
/// repeats, how often, and what the store reports when it gives up (a store out of reach is
/// status 0 NoResponse, which the API answers with 503).
/// </summary>
public class AzureBlobStoreRetryTests
{
    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_request_is_repeated_after_a_transient_status(HttpStatusCode status)
    {
        var (store, handler) = StoreAnswering(2, Answer(status), BlobProperties());

        var properties = await store.GetPropertiesAsync("a/b");

        Assert.Equal(new ETag("\"0x1\""), properties!.ETag);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_request_is_repeated_after_a_lost_connection_with_one_client_request_id_and_fresh_signatures()
    {
        var (store, handler) = StoreAnswering(2, Fail(HttpRequestError.ResponseEnded), Fail(HttpRequestError.Unknown), BlobProperties());

        Assert.NotNull(await store.GetPropertiesAsync("a/b"));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Single(handler.Requests.Select(r => r.ClientRequestId).Distinct());
        Assert.All(handler.Requests, r => Assert.StartsWith("SharedKey devstoreaccount1:", r.Authorization));
    }

    [Fact]
    public async Task It_gives_up_after_the_configured_retries_with_the_last_status()
    {
        var (store, handler) = StoreAnswering(2,
            Answer(HttpStatusCode.InternalServerError, "InternalError"),
            Answer(HttpStatusCode.InternalServerError, "InternalError"),
            Answer(HttpStatusCode.ServiceUnavailable, "ServerBusy"));

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.GetAsync("a/b"));

        Assert.Equal((503, "ServerBusy"), (error.Status, error.ErrorCode));
        Assert.True(error.IsUnavailable);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task A_store_that_never_answers_is_status_0_NoResponse_after_the_retries()
    {
        var (store, handler) = StoreAnswering(2,
            Fail(HttpRequestError.ConnectionError), Fail(HttpRequestError.ConnectionError), Fail(HttpRequestError.ConnectionError));

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.PutAsync("a/b", new byte[] { 1 }, BlobConditions.CreateOnly));

        Assert.Equal((0, BlobErrorCode.NoResponse), (error.Status, error.ErrorCode));
        Assert.True(error.IsUnavailable);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task With_no_retries_one_failure_is_final()
    {
        var (store, handler) = StoreAnswering(0, Fail(HttpRequestError.ConnectionError));

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.DeleteAsync("a/b"));

        Assert.Equal((0, BlobErrorCode.NoResponse), (error.Status, error.ErrorCode));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_refusal_is_not_repeated()
    {
        var (store, handler) = StoreAnswering(2, Answer(HttpStatusCode.PreconditionFailed, "ConditionNotMet"));

        var error = await Assert.ThrowsAsync<BlobConditionFailedException>(() =>
            store.PutAsync("a/b", new byte[] { 1 }, BlobConditions.Matching(new ETag("\"0x1\""))));

        Assert.Equal((412, BlobErrorCode.ConditionNotMet), (error.Status, error.ErrorCode));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_retried_nor_translated()
    {
        var (store, handler) = StoreAnswering(2, _ => throw new TaskCanceledException());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetAsync("a/b", cancellationToken: cancelled.Token));
        Assert.True(handler.Requests.Count <= 1);
    }
}
