using Azure.Core;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using Saver.Storage.Blobs;
using Saver.Storage.Blobs.Azure;

namespace Saver.Functions.Hosting;

/// <summary>
/// Makes the blob stores configuration names: a local folder (the default), Azure Blob
/// Storage, or memory. The archive of scheduled downloads is a second store of the same kind
/// (another container, or a folder beside the data folder).
/// </summary>
/// <remarks>
/// Azure is reached with <see cref="SaverOptions.BlobConnectionString"/> when given, else
/// with <see cref="SaverOptions.BlobServiceUri"/> and the <see cref="TokenCredential"/> of
/// the app's services (DefaultAzureCredential: the managed identity on Azure). The SDK's
/// client options come from the services too, so a test can give them a transport of its own.
/// </remarks>
public sealed class BlobStoreFactory(IOptions<SaverOptions> options, TokenCredential credential, BlobClientOptions clientOptions,
    ILoggerFactory loggers, TimeProvider time)
{
    private IBlobStore? _store;
    private IBlobStore? _archive;

    /// <summary>The one store of this app (made on first use).</summary>
    public IBlobStore Store => LazyInitializer.EnsureInitialized(ref _store, () => Create(options.Value.DataDirectory, options.Value.Container));

    /// <summary>The archive of scheduled downloads (made on first use, so apps that never archive make no folder).</summary>
    public IBlobStore Archive => LazyInitializer.EnsureInitialized(ref _archive, () =>
        Create(options.Value.ArchiveFolder, options.Value.ArchiveContainer));

    /// <summary>Makes sure the store's Azure container exists (a no-op for the other stores); true when this call made it.</summary>
    public Task<bool> EnsureStoreContainerAsync(CancellationToken cancellationToken) => EnsureContainerAsync(Store, cancellationToken);

    /// <summary>Makes sure the archive's Azure container exists (a no-op for the other stores).</summary>
    public Task<bool> EnsureArchiveContainerAsync(CancellationToken cancellationToken) => EnsureContainerAsync(Archive, cancellationToken);

    private static async Task<bool> EnsureContainerAsync(IBlobStore store, CancellationToken cancellationToken) =>
        store is AzureBlobStore azure && await azure.CreateContainerIfNotExistsAsync(cancellationToken);

    private IBlobStore Create(string directory, string container)
    {
        var o = options.Value;
        return o.Store.ToLowerInvariant() switch
        {
            "local" => new LocalDirectoryBlobStore(Path.GetFullPath(directory), time, loggers.CreateLogger<LocalDirectoryBlobStore>()),
            "azure" => CreateAzure(o, container),
            "memory" => new InMemoryBlobStore(time),
            var other => throw new InvalidOperationException($"Saver:Store is '{other}'; it must be 'local', 'azure' or 'memory'."),
        };
    }

    private AzureBlobStore CreateAzure(SaverOptions o, string container)
    {
        var azure = new AzureBlobStoreOptions
        {
            ConnectionString = o.BlobServiceUri is null ? o.BlobConnectionString : null,
            ServiceUri = o.BlobServiceUri,
            ContainerName = container,
        };
        var client = azure.CreateContainerClient(o.BlobServiceUri is null ? null : credential, clientOptions);
        return new AzureBlobStore(client, loggers.CreateLogger<AzureBlobStore>());
    }
}

/// <summary>Makes sure the Azure container exists before the first request needs it.</summary>
public sealed class BlobStoreInitializer(BlobStoreFactory factory, ILogger<BlobStoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (await factory.EnsureStoreContainerAsync(cancellationToken)) logger.LogInformation("Created the blob container");
        }
        catch (BlobStoreException e) when (e.IsUnavailable)
        {
            // An instance starting during a store outage still starts and answers 503 until the
            // store is back (ready? says false), rather than failing to start again and again.
            // On Azure the deployment makes the containers; elsewhere the next start does.
            logger.LogWarning(e, "The blob store did not answer at start; serving anyway");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
