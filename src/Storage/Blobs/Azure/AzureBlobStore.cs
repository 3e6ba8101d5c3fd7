using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// <see cref="IBlobStore"/> on one Azure Blob Storage container (or Azurite), spoken to
/// directly over the Blob REST API with shared key authorization.
/// </summary>
/// <remarks>
/// A 404 means "no such blob" (null, false) only when its code is BlobNotFound; a missing
/// container is a misconfiguration and fails with <see cref="BlobNotFoundException"/>
/// ContainerNotFound. A request that got no response at all fails with a
/// <see cref="BlobStoreException"/> of status 0 and code NoResponse. A delete with IfMatch of
/// a blob that does not exist is 412 ConditionNotMet, not false: the service judges the
/// condition first. A 304 from <see cref="GetAsync"/> reports only the ETag reliably.
/// </remarks>
public sealed class AzureBlobStore : IBlobStore
{
    private const int MinLeaseSeconds = 15;
    private const int MaxLeaseSeconds = 60;
    private const int MaxPageSize = 5000;

    private readonly BlobAddresses _addresses;
    private readonly BlobRequestSender _sender;
    private readonly ILogger _logger;

    /// <param name="httpClient">Shared and owned by the caller (e.g. from IHttpClientFactory); not disposed here.</param>
    /// <exception cref="ArgumentException">The options are invalid (see <see cref="AzureBlobStoreOptions.Validate"/>).</exception>
    public AzureBlobStore(HttpClient httpClient, AzureBlobStoreOptions options, ILogger<AzureBlobStore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        var connection = BlobConnectionString.Parse(options.ConnectionString);
        ContainerName = options.ContainerName;
        _addresses = new BlobAddresses(connection.BlobEndpoint, options.ContainerName);
        ContainerUri = _addresses.Container();
        _logger = logger ?? NullLogger<AzureBlobStore>.Instance;
        _sender = new BlobRequestSender(
            httpClient,
            connection.CreateCredential(),
            new BlobRetryPolicy(options.MaxRetries, options.RetryDelay, options.MaxRetryDelay),
            timeProvider ?? TimeProvider.System,
            _logger);
    }

    public string ContainerName { get; }

    public Uri ContainerUri { get; }

    /// <summary>Creates the container unless it exists; true when this call created it.</summary>
    public async Task<bool> CreateContainerIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var operation = $"Create container '{ContainerName}'";
        // A retry after a lost 201 answers 409 ContainerAlreadyExists, which is success here.
        using var response = await _sender.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Put, _addresses.Container(("restype", "container"))),
            RetryMode.Idempotent, operation, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.Created)
        {
            AzureBlobStoreLog.ContainerCreated(_logger, ContainerName, ContainerUri);
            return true;
        }
        if (response.StatusCode == HttpStatusCode.Conflict && BlobErrorResponse.ErrorCodeHeader(response) == "ContainerAlreadyExists")
            return false;
        throw await BlobErrorResponse.ToExceptionAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        var operation = $"Get blob '{name}'";
        var uri = _addresses.Blob(name);
        using var response = await _sender.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, uri);
            if (ifNoneMatch is { } etag) request.Headers.TryAddWithoutValidation("If-None-Match", AzureETags.ToHeader(etag));
            return request;
        }, RetryMode.Idempotent, operation, cancellationToken).ConfigureAwait(false);

        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                return new BlobDownload(ReadProperties(name, response, content.Length), content);
            case HttpStatusCode.NotModified:
                return new BlobDownload(NotModifiedProperties(name, response, ifNoneMatch!.Value), ReadOnlyMemory<byte>.Empty, NotModified: true);
            case HttpStatusCode.NotFound when IsBlobNotFound(response):
                return null;
            default:
                throw await BlobErrorResponse.ToExceptionAsync(response, operation, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default)
    {
        var operation = $"Get properties of blob '{name}'";
        var uri = _addresses.Blob(name);
        using var response = await _sender.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Head, uri), RetryMode.Idempotent, operation, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.OK)
            return ReadProperties(name, response, response.Content.Headers.ContentLength ?? 0);
        if (response.StatusCode == HttpStatusCode.NotFound && IsBlobNotFound(response))
            return null;
        throw await BlobErrorResponse.ToExceptionAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    public async Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        var operation = $"Put blob '{name}'";
        var uri = _addresses.Blob(name);
        using var response = await _sender.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, uri) { Content = new ReadOnlyMemoryContent(content) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            request.Headers.TryAddWithoutValidation(AzureHeaders.BlobType, "BlockBlob");
            AddConditions(request, conditions);
            return request;
        }, RetryMode.OnlyIfNotApplied, operation, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.Created)
            return ReadETag(response);
        throw await BlobErrorResponse.ToExceptionAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        var operation = $"Delete blob '{name}'";
        var uri = _addresses.Blob(name);
        using var response = await _sender.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Delete, uri);
            AddConditions(request, conditions);
            return request;
        }, RetryMode.OnlyIfNotApplied, operation, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == HttpStatusCode.Accepted) return true;
        if (response.StatusCode == HttpStatusCode.NotFound && IsBlobNotFound(response)) return false;
        throw await BlobErrorResponse.ToExceptionAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    public async Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = MaxPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSizeHint, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSizeHint, MaxPageSize);

        var operation = $"List blobs '{prefix}*'";
        var uri = _addresses.Container(
            ("restype", "container"),
            ("comp", "list"),
            ("prefix", prefix.Length == 0 ? null : prefix),
            ("marker", string.IsNullOrEmpty(continuationToken) ? null : continuationToken),
            ("maxresults", pageSizeHint.ToString(CultureInfo.InvariantCulture)));
        using var response = await _sender.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Get, uri), RetryMode.Idempotent, operation, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode != HttpStatusCode.OK)
            throw await BlobErrorResponse.ToExceptionAsync(response, operation, cancellationToken).ConfigureAwait(false);
        return ListBlobsResponse.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
    }

    public async Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        var seconds = WholeSeconds(duration, MinLeaseSeconds, MaxLeaseSeconds, nameof(duration));
        // Azure refuses a proposed id that is not a GUID; Azurite accepts anything, so check it here.
        if (proposedLeaseId is not null && !Guid.TryParse(proposedLeaseId, out _))
            throw BlobStoreException.From(400, BlobErrorCode.InvalidHeaderValue, $"proposed lease id {proposedLeaseId} is not a GUID");
        using var response = await SendLeaseAsync(name, "acquire", HttpStatusCode.Created, cancellationToken, request =>
        {
            request.Headers.TryAddWithoutValidation(AzureHeaders.LeaseDuration, seconds.ToString(CultureInfo.InvariantCulture));
            if (proposedLeaseId is not null) request.Headers.TryAddWithoutValidation(AzureHeaders.ProposedLeaseId, proposedLeaseId);
        }).ConfigureAwait(false);
        return Header(response, AzureHeaders.LeaseId) ?? throw MissingHeader(AzureHeaders.LeaseId, "Acquire lease");
    }

    public async Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        using var response = await SendLeaseAsync(name, "renew", HttpStatusCode.OK, cancellationToken,
            request => request.Headers.TryAddWithoutValidation(AzureHeaders.LeaseId, leaseId)).ConfigureAwait(false);
    }

    public async Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        using var response = await SendLeaseAsync(name, "release", HttpStatusCode.OK, cancellationToken,
            request => request.Headers.TryAddWithoutValidation(AzureHeaders.LeaseId, leaseId)).ConfigureAwait(false);
    }

    public async Task<TimeSpan> BreakLeaseAsync(string name, TimeSpan breakPeriod, CancellationToken cancellationToken = default)
    {
        var seconds = WholeSeconds(breakPeriod, 0, MaxLeaseSeconds, nameof(breakPeriod));
        using var response = await SendLeaseAsync(name, "break", HttpStatusCode.Accepted, cancellationToken,
            request => request.Headers.TryAddWithoutValidation(AzureHeaders.LeaseBreakPeriod, seconds.ToString(CultureInfo.InvariantCulture))).ConfigureAwait(false);
        var leaseTime = Header(response, AzureHeaders.LeaseTime) ?? throw MissingHeader(AzureHeaders.LeaseTime, "Break lease");
        return TimeSpan.FromSeconds(int.Parse(leaseTime, NumberStyles.None, CultureInfo.InvariantCulture));
    }

    private async Task<HttpResponseMessage> SendLeaseAsync(
        string name, string action, HttpStatusCode success, CancellationToken cancellationToken, Action<HttpRequestMessage> addHeaders)
    {
        var operation = $"Lease {action} on blob '{name}'";
        var uri = _addresses.Blob(name, ("comp", "lease"));
        var response = await _sender.SendAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Put, uri);
            request.Headers.TryAddWithoutValidation(AzureHeaders.LeaseAction, action);
            addHeaders(request);
            return request;
        }, RetryMode.OnlyIfNotApplied, operation, cancellationToken).ConfigureAwait(false);

        if (response.StatusCode == success) return response;
        using (response)
            throw await BlobErrorResponse.ToExceptionAsync(response, operation, cancellationToken).ConfigureAwait(false);
    }

    private static void AddConditions(HttpRequestMessage request, BlobConditions? conditions)
    {
        if (conditions is null) return;
        if (conditions.IfMatch is { } ifMatch) request.Headers.TryAddWithoutValidation("If-Match", AzureETags.ToHeader(ifMatch));
        if (conditions.IfNoneMatch is { } ifNoneMatch) request.Headers.TryAddWithoutValidation("If-None-Match", AzureETags.ToHeader(ifNoneMatch));
        if (conditions.LeaseId is { } leaseId) request.Headers.TryAddWithoutValidation(AzureHeaders.LeaseId, leaseId);
    }

    private static BlobProperties ReadProperties(string name, HttpResponseMessage response, long length) => new(
        name,
        length,
        ReadETag(response),
        response.Content.Headers.LastModified ?? throw MissingHeader("Last-Modified", $"Reading blob '{name}'"),
        ReadLeaseState(response));

    /// <summary>
    /// A 304 describes the blob poorly: Azurite sends it as an error with no ETag or
    /// Last-Modified, and no response carries the length without the body. The ETag is the
    /// one the caller holds (that is what "not modified" means); what the answer does not
    /// say is reported as unknown: length -1, last modified <see cref="DateTimeOffset.MinValue"/>,
    /// lease state Available unless the answer names one.
    /// </summary>
    private static BlobProperties NotModifiedProperties(string name, HttpResponseMessage response, ETag ifNoneMatch) => new(
        name,
        -1,
        Header(response, "ETag") is { } etag ? AzureETags.FromService(etag) : ifNoneMatch,
        response.Content.Headers.LastModified ?? DateTimeOffset.MinValue,
        ReadLeaseState(response));

    private static ETag ReadETag(HttpResponseMessage response) =>
        AzureETags.FromService(Header(response, "ETag") ?? throw MissingHeader("ETag", "The blob service"));

    private static LeaseState ReadLeaseState(HttpResponseMessage response) => Header(response, AzureHeaders.LeaseState) switch
    {
        null or "available" => LeaseState.Available,
        "leased" => LeaseState.Leased,
        "expired" => LeaseState.Expired,
        "breaking" => LeaseState.Breaking,
        "broken" => LeaseState.Broken,
        var other => throw new BlobStoreException((int)response.StatusCode, "UnknownLeaseState", $"The blob service reported lease state '{other}'."),
    };

    // A 404 without the service's code (a wrong endpoint, a proxy) must not pass for "no blob".
    private static bool IsBlobNotFound(HttpResponseMessage response) =>
        BlobErrorResponse.ErrorCodeHeader(response) == BlobErrorCode.BlobNotFound;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static int WholeSeconds(TimeSpan value, int min, int max, string parameterName)
    {
        var seconds = (int)value.TotalSeconds;
        // Checked here, with Azure's own answer, because Azurite does not check it.
        if (value != TimeSpan.FromSeconds(seconds) || seconds < min || seconds > max)
            throw BlobStoreException.From(400, BlobErrorCode.InvalidHeaderValue,
                $"{parameterName} {value} is not a whole number of seconds within {min}..{max}");
        return seconds;
    }

    private static BlobStoreException MissingHeader(string header, string operation) =>
        new(0, "MalformedResponse", $"{operation}: the blob service's answer has no {header} header.");
}
