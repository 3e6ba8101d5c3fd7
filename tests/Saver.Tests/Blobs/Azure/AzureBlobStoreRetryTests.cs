using System.Net;
using Saver.Storage.Blobs;
using Saver.Storage.Blobs.Azure;
using static Saver.Tests.Blobs.Azure.ScriptedHttpHandler;

namespace Saver.Tests.Blobs.Azure;

/// <summary>
/// Which failures the client repeats: every transient one for reads, only the "certainly
/// not applied" ones for writes (see BlobRetryPolicy).
/// </summary>
public class AzureBlobStoreRetryTests
{
    private static (AzureBlobStore Store, ScriptedHttpHandler Handler) StoreAnswering(params Func<HttpRequestMessage, HttpResponseMessage>[] steps)
    {
        var handler = new ScriptedHttpHandler(steps);
        var store = new AzureBlobStore(new HttpClient(handler), new AzureBlobStoreOptions
        {
            ConnectionString = "UseDevelopmentStorage=true",
            ContainerName = "saver",
            MaxRetries = 2,
            RetryDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromMilliseconds(5),
        });
        return (store, handler);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.RequestTimeout)]
    [InlineData(HttpStatusCode.TooManyRequests)]
    public async Task A_read_is_repeated_after_a_transient_status(HttpStatusCode status)
    {
        var (store, handler) = StoreAnswering(Answer(status), BlobProperties());

        var properties = await store.GetPropertiesAsync("a/b");

        Assert.Equal(new ETag("\"0x1\""), properties!.ETag);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_read_is_repeated_after_a_lost_connection_with_one_client_request_id_and_fresh_signatures()
    {
        var (store, handler) = StoreAnswering(Fail(HttpRequestError.ResponseEnded), Fail(HttpRequestError.Unknown), BlobProperties());

        Assert.NotNull(await store.GetPropertiesAsync("a/b"));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Single(handler.Requests.Select(r => r.ClientRequestId).Distinct());
        Assert.All(handler.Requests, r => Assert.StartsWith("SharedKey devstoreaccount1:", r.Authorization));
    }

    [Fact]
    public async Task A_read_gives_up_after_the_configured_retries_with_the_last_status()
    {
        var (store, handler) = StoreAnswering(
            Answer(HttpStatusCode.InternalServerError, "InternalError"),
            Answer(HttpStatusCode.InternalServerError, "InternalError"),
            Answer(HttpStatusCode.ServiceUnavailable, "ServerBusy"));

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.GetAsync("a/b"));

        Assert.Equal((503, "ServerBusy"), (error.Status, error.ErrorCode));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "OperationTimedOut")]
    [InlineData(HttpStatusCode.BadGateway, null)]
    [InlineData(HttpStatusCode.GatewayTimeout, null)]
    [InlineData(HttpStatusCode.RequestTimeout, null)]
    public async Task A_write_is_not_repeated_when_it_may_have_been_applied(HttpStatusCode status, string? code)
    {
        var (store, handler) = StoreAnswering(Answer(status, code));

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.PutAsync("a/b", new byte[] { 1 }, BlobConditions.CreateOnly));

        Assert.Equal((int)status, error.Status);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_write_whose_connection_dropped_mid_request_is_not_repeated()
    {
        var (store, handler) = StoreAnswering(Fail(HttpRequestError.ResponseEnded));

        var error = await Assert.ThrowsAsync<BlobStoreException>(() => store.DeleteAsync("a/b"));

        Assert.Equal((0, "NoResponse"), (error.Status, error.ErrorCode));
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_write_is_repeated_when_the_service_refused_it_or_was_never_reached()
    {
        var (store, handler) = StoreAnswering(
            Answer(HttpStatusCode.ServiceUnavailable, "ServerBusy"),
            Fail(HttpRequestError.ConnectionError),
            Answer(HttpStatusCode.Accepted));

        Assert.True(await store.DeleteAsync("a/b"));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Lease_operations_count_as_writes()
    {
        var (store, handler) = StoreAnswering(Answer(HttpStatusCode.InternalServerError, "InternalError"));

        await Assert.ThrowsAsync<BlobStoreException>(() => store.AcquireLeaseAsync("a/b", TimeSpan.FromSeconds(15)));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task The_callers_cancellation_is_not_retried()
    {
        var (store, handler) = StoreAnswering(_ => throw new TaskCanceledException());
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => store.GetAsync("a/b", cancellationToken: cancelled.Token));
    }
}
