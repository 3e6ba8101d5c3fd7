using Microsoft.Extensions.Options;
using Saver.Storage.Blobs;
using Saver.Storage.Blobs.Azure;

namespace Saver.Functions.Hosting;

/// <summary>
/// Makes the blob stores configuration names: a local folder (the default), Azure Blob
/// Storage, or memory. The archive of scheduled downloads is a second store of the same kind
/// (another container, or a folder beside the data folder).
/// </summary>
public sealed class BlobStoreFactory(IOptions<SaverOptions> options, IConfiguration configuration,
    IHttpClientFactory httpClients, ILoggerFactory loggers, TimeProvider time)
{
    private IBlobStore? _store;
    private IBlobStore? _archive;

    /// <summary>The one store of this app (made on first use).</summary>
    public IBlobStore Store => LazyInitializer.EnsureInitialized(ref _store, () => Create(options.Value.DataDirectory, options.Value.Container));

    /// <summary>The archive of scheduled downloads (made on first use, so apps that never archive make no folder).</summary>
    public IBlobStore Archive => LazyInitializer.EnsureInitialized(ref _archive, () =>
        Create(options.Value.ArchiveDirectory is { Length: > 0 } folder
                ? folder
                : Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Value.DataDirectory)) + "-archive",
            options.Value.ArchiveContainer));

    /// <summary>Makes sure the archive's Azure container exists (a no-op for the other stores).</summary>
    public async Task EnsureArchiveContainerAsync(CancellationToken cancellationToken)
    {
        if (Archive is AzureBlobStore azure) await azure.CreateContainerIfNotExistsAsync(cancellationToken);
    }

    private IBlobStore Create(string directory, string container)
    {
        var o = options.Value;
        return o.Store.ToLowerInvariant() switch
        {
            "local" => new LocalDirectoryBlobStore(Path.GetFullPath(directory), time, loggers.CreateLogger<LocalDirectoryBlobStore>()),
            "azure" => CreateAzure(o, container),
            "memory" => new InMemoryBlobStore(time),
            var other => throw new InvalidOperationException(
                $"Saver:Store is '{other}'; it must be 'local', 'azure' or 'memory'."),
        };
    }

    private AzureBlobStore CreateAzure(SaverOptions o, string container)
    {
        var connectionString = o.BlobConnectionString is { Length: > 0 } cs ? cs : configuration["AzureWebJobsStorage"];
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Saver:Store is 'azure' but neither Saver:BlobConnectionString nor AzureWebJobsStorage is set.");
        var azure = new AzureBlobStoreOptions { ConnectionString = connectionString, ContainerName = container };
        azure.Validate();
        return new AzureBlobStore(httpClients.CreateClient(nameof(BlobStoreFactory)), azure,
            loggers.CreateLogger<AzureBlobStore>(), time);
    }
}

/// <summary>Makes sure the Azure container exists before the first request needs it.</summary>
public sealed class BlobStoreInitializer(BlobStoreFactory factory, ILogger<BlobStoreInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (factory.Store is AzureBlobStore azure && await azure.CreateContainerIfNotExistsAsync(cancellationToken))
            logger.LogInformation("Created the blob container");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
