using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Saver.Storage.IO;
using SdkETag = Azure.ETag;
using SdkLeaseState = Azure.Storage.Blobs.Models.LeaseState;

namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// <see cref="IBlobStore"/> on one Azure Blob Storage container (or Azurite), through the
/// Azure SDK (Azure.Storage.Blobs): its clients, its authentication (a connection string, or
/// a token credential such as managed identity) and its retries.
/// </summary>
/// <remarks>
/// A 404 means "no such blob" (null, false) only when its code is BlobNotFound; a missing
/// container is a misconfiguration and fails with <see cref="BlobNotFoundException"/>
/// ContainerNotFound. A request that got no answer fails with status 0
/// <see cref="BlobErrorCode.NoResponse"/>. A delete with IfMatch of a blob that does not
/// exist is 412 ConditionNotMet, not false: the service judges the condition first.
/// </remarks>
public sealed class AzureBlobStore : IBlobStore
{
    private const int MinLeaseSeconds = 15;
    private const int MaxLeaseSeconds = 60;
    private const int MaxPageSize = 5000;

    private readonly BlobContainerClient _container;
    private readonly ILogger _logger;

    /// <param name="container">The container's client, with its credential and retry options (see <see cref="AzureBlobStoreOptions.CreateContainerClient"/>).</param>
    public AzureBlobStore(BlobContainerClient container, ILogger<AzureBlobStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (!AzureBlobStoreOptions.IsValidContainerName(container.Name))
            throw new ArgumentException($"'{container.Name}' is not a container name.", nameof(container));
        _container = container;
        _logger = logger ?? NullLogger<AzureBlobStore>.Instance;
    }

    public string ContainerName => _container.Name;

    public Uri ContainerUri => _container.Uri;

    /// <summary>Creates the container unless it exists; true when this call created it.</summary>
    public async Task<bool> CreateContainerIfNotExistsAsync(CancellationToken cancellationToken = default)
    {
        var created = await AzureErrors.Call($"Create container '{ContainerName}'",
            () => _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        if (created is null) return false;
        AzureBlobStoreLog.ContainerCreated(_logger, ContainerName, ContainerUri);
        return true;
    }

    public async Task<BlobDownload?> GetAsync(string name, ETag? ifNoneMatch = null, CancellationToken cancellationToken = default)
    {
        var blob = Blob(name);
        var options = new BlobDownloadOptions
        {
            Conditions = ifNoneMatch is { } etag ? new BlobRequestConditions { IfNoneMatch = ToSdk(etag) } : null,
        };
        try
        {
            var result = await AzureErrors.Call($"Get blob '{name}'",
                () => blob.DownloadContentAsync(options, cancellationToken), cancellationToken).ConfigureAwait(false);
            // The SDK answers a 304 without a value; what little it says is in the headers.
            var raw = result.GetRawResponse();
            if (raw.Status == 304) return NotModified(name, ifNoneMatch!.Value, raw);
            var details = result.Value.Details;
            var content = result.Value.Content.ToMemory();
            return new BlobDownload(
                new BlobProperties(name, content.Length, FromSdk(details.ETag), details.LastModified, ToLeaseState(details.LeaseState)),
                content);
        }
        catch (BlobNotFoundException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
    }

    public async Task<BlobProperties?> GetPropertiesAsync(string name, CancellationToken cancellationToken = default)
    {
        var blob = Blob(name);
        try
        {
            var properties = (await AzureErrors.Call($"Get properties of blob '{name}'",
                () => blob.GetPropertiesAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false)).Value;
            return new BlobProperties(name, properties.ContentLength, FromSdk(properties.ETag), properties.LastModified,
                ToLeaseState(properties.LeaseState));
        }
        catch (BlobNotFoundException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
    }

    public async Task<ETag> PutAsync(string name, ReadOnlyMemory<byte> content, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        // One Put Blob, whatever the size (up to 5000 MiB): the blob is replaced atomically, and
        // the conditions are judged once, against the state it replaces.
        var blob = _container.GetBlockBlobClient(Validated(name));
        var options = new BlobUploadOptions { Conditions = ToSdk(conditions) };
        var uploaded = await AzureErrors.Call($"Put blob '{name}'", async () =>
        {
            using var stream = MemoryStreams.ReadOnly(content);
            return await blob.UploadAsync(stream, options, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        return FromSdk(uploaded.Value.ETag);
    }

    public async Task<ETag> CreateAppendBlobAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetAppendBlobClient(Validated(name));
        var options = new AppendBlobCreateOptions
        {
            Conditions = conditions is null ? null : new AppendBlobRequestConditions
            {
                IfMatch = conditions.IfMatch is { } ifMatch ? ToSdk(ifMatch) : null,
                IfNoneMatch = conditions.IfNoneMatch is { } ifNoneMatch ? ToSdk(ifNoneMatch) : null,
                LeaseId = conditions.LeaseId,
            },
        };
        var created = await AzureErrors.Call($"Create append blob '{name}'",
            () => blob.CreateAsync(options, cancellationToken), cancellationToken).ConfigureAwait(false);
        return FromSdk(created.Value.ETag);
    }

    public async Task<AppendResult> AppendAsync(string name, ReadOnlyMemory<byte> block, AppendConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        var blob = _container.GetAppendBlobClient(Validated(name));
        var options = new AppendBlobAppendBlockOptions
        {
            Conditions = conditions is null ? null : new AppendBlobRequestConditions
            {
                IfAppendPositionEqual = conditions.AppendPosition,
                LeaseId = conditions.LeaseId,
            },
        };
        var appended = await AzureErrors.Call($"Append to blob '{name}'", async () =>
        {
            using var stream = MemoryStreams.ReadOnly(block);
            return await blob.AppendBlockAsync(stream, options, cancellationToken).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        var offset = long.Parse(appended.Value.BlobAppendOffset, System.Globalization.CultureInfo.InvariantCulture);
        return new AppendResult(FromSdk(appended.Value.ETag), offset, offset + block.Length);
    }

    public async Task<BlobRange?> GetRangeAsync(string name, long offset, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var blob = Blob(name);
        var options = new BlobDownloadOptions { Range = new HttpRange(offset) };
        try
        {
            var result = await AzureErrors.Call($"Get blob '{name}' from byte {offset}",
                () => blob.DownloadContentAsync(options, cancellationToken), cancellationToken).ConfigureAwait(false);
            return new BlobRange(offset, result.Value.Content.ToMemory(), FromSdk(result.Value.Details.ETag));
        }
        catch (BlobStoreException e) when (e.Status == 416)
        {
            // Azure: the offset is at or past the end. (Azurite answers an empty 200 instead.)
            return new BlobRange(offset, ReadOnlyMemory<byte>.Empty, null);
        }
        catch (BlobNotFoundException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string name, BlobConditions? conditions = null, CancellationToken cancellationToken = default)
    {
        var blob = Blob(name);
        try
        {
            await AzureErrors.Call($"Delete blob '{name}'",
                () => blob.DeleteAsync(DeleteSnapshotsOption.None, ToSdk(conditions), cancellationToken), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (BlobNotFoundException e) when (e.ErrorCode == BlobErrorCode.BlobNotFound)
        {
            return false;
        }
    }

    public async Task<BlobPage> ListPageAsync(string prefix, string? continuationToken = null, int pageSizeHint = MaxPageSize, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSizeHint, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSizeHint, MaxPageSize);

        var options = new GetBlobsOptions { Prefix = prefix.Length == 0 ? null : prefix };
        return await AzureErrors.Call($"List blobs '{prefix}*'", async () =>
        {
            var pages = _container.GetBlobsAsync(options, cancellationToken)
                .AsPages(string.IsNullOrEmpty(continuationToken) ? null : continuationToken, pageSizeHint);
            await foreach (var page in pages.ConfigureAwait(false))
            {
                var items = page.Values
                    .Select(b => new BlobItem(b.Name, b.Properties.ContentLength ?? 0, FromSdk(b.Properties.ETag!.Value),
                        b.Properties.LastModified ?? DateTimeOffset.MinValue))
                    .ToList();
                return new BlobPage(items, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
            }
            return new BlobPage([], null);
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string> AcquireLeaseAsync(string name, TimeSpan duration, string? proposedLeaseId = null, CancellationToken cancellationToken = default)
    {
        var seconds = WholeSeconds(duration, MinLeaseSeconds, MaxLeaseSeconds, nameof(duration));
        // Azure refuses a proposed id that is not a GUID; Azurite accepts anything, so check it here.
        if (proposedLeaseId is not null && !Guid.TryParse(proposedLeaseId, out _))
            throw BlobStoreException.From(400, BlobErrorCode.InvalidHeaderValue, $"proposed lease id {proposedLeaseId} is not a GUID");
        var lease = Blob(name).GetBlobLeaseClient(proposedLeaseId);
        var acquired = await AzureErrors.Call($"Acquire the lease on blob '{name}'",
            () => lease.AcquireAsync(TimeSpan.FromSeconds(seconds), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return acquired.Value.LeaseId;
    }

    public async Task RenewLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        var lease = Blob(name).GetBlobLeaseClient(leaseId);
        await AzureErrors.Call($"Renew the lease on blob '{name}'",
            () => lease.RenewAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task ReleaseLeaseAsync(string name, string leaseId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(leaseId);
        var lease = Blob(name).GetBlobLeaseClient(leaseId);
        await AzureErrors.Call($"Release the lease on blob '{name}'",
            () => lease.ReleaseAsync(cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    public async Task<TimeSpan> BreakLeaseAsync(string name, TimeSpan breakPeriod, CancellationToken cancellationToken = default)
    {
        var seconds = WholeSeconds(breakPeriod, 0, MaxLeaseSeconds, nameof(breakPeriod));
        var lease = Blob(name).GetBlobLeaseClient();
        var broken = await AzureErrors.Call($"Break the lease on blob '{name}'",
            () => lease.BreakAsync(TimeSpan.FromSeconds(seconds), cancellationToken: cancellationToken), cancellationToken).ConfigureAwait(false);
        return TimeSpan.FromSeconds(broken.Value.LeaseTime ?? 0);
    }

    private BlobClient Blob(string name) => _container.GetBlobClient(Validated(name));

    /// <summary>
    /// '.' and '..' segments would be collapsed by URL normalisation (the SDK's or a proxy's)
    /// and address another blob than the one named.
    /// </summary>
    private static string Validated(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) throw new ArgumentException("A blob name cannot be empty.", nameof(name));
        if (name.Length > BlobName.MaxLength)
            throw new ArgumentException($"A blob name has at most {BlobName.MaxLength} characters.", nameof(name));
        if (name[0] == '/') throw new ArgumentException($"Blob name '{name}' starts with '/'.", nameof(name));
        foreach (var segment in name.Split('/'))
            if (segment is "." or "..")
                throw new ArgumentException($"Blob name '{name}' has a '.' or '..' segment.", nameof(name));
        return name;
    }

    /// <summary>
    /// A 304 describes the blob poorly (Azurite sends it with no ETag or Last-Modified, and no
    /// answer carries the length without the body): the ETag is the one the caller holds (that
    /// is what "not modified" means); what the answer does not say is reported as unknown.
    /// </summary>
    private static BlobDownload NotModified(string name, ETag held, Response answer) =>
        new(new BlobProperties(name, -1,
                answer.Headers.ETag is { } etag ? FromSdk(etag) : held,
                DateTimeOffset.MinValue,
                answer.Headers.TryGetValue("x-ms-lease-state", out var state) && Enum.TryParse<SdkLeaseState>(state, ignoreCase: true, out var parsed)
                    ? ToLeaseState(parsed) : LeaseState.Available),
            ReadOnlyMemory<byte>.Empty, NotModified: true);

    private static BlobRequestConditions? ToSdk(BlobConditions? conditions) => conditions is null ? null : new BlobRequestConditions
    {
        IfMatch = conditions.IfMatch is { } ifMatch ? ToSdk(ifMatch) : null,
        IfNoneMatch = conditions.IfNoneMatch is { } ifNoneMatch ? ToSdk(ifNoneMatch) : null,
        LeaseId = conditions.LeaseId,
    };

    private static SdkETag ToSdk(ETag etag) => etag == ETag.All ? SdkETag.All : new SdkETag(AzureETags.ToHeader(etag));

    private static ETag FromSdk(SdkETag etag) => AzureETags.FromService(etag.ToString("H"));

    private static LeaseState ToLeaseState(SdkLeaseState state) =>
        state == SdkLeaseState.Leased ? LeaseState.Leased
        : state == SdkLeaseState.Expired ? LeaseState.Expired
        : state == SdkLeaseState.Breaking ? LeaseState.Breaking
        : state == SdkLeaseState.Broken ? LeaseState.Broken
        : LeaseState.Available;

    private static int WholeSeconds(TimeSpan value, int min, int max, string parameterName)
    {
        var seconds = (int)value.TotalSeconds;
        // Checked here, with Azure's own answer, because Azurite does not check it.
        if (value != TimeSpan.FromSeconds(seconds) || seconds < min || seconds > max)
            throw BlobStoreException.From(400, BlobErrorCode.InvalidHeaderValue,
                $"{parameterName} {value} is not a whole number of seconds within {min}..{max}");
        return seconds;
    }
}
