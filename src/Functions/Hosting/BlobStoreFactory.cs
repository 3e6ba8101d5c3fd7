using Microsoft.Extensions.Options;
using Saver.Storage.Blobs;
using Saver.Storage.Blobs.Azure;

namespace Saver.Functions.Hosting;

/// <summary>Makes the blob store configuration names: a local folder (the default), Azure Blob Storage, or memory.</summary>
public sealed class BlobStoreFactory(IOptions<SaverOptions> options, IConfiguration configuration,
    IHttpClientFactory httpClients, ILoggerFactory loggers, TimeProvider time)
{
    private IBlobStore? _store;

    /// <summary>The one store of this app (made on first use).</summary>
    public IBlobStore Store => LazyInitializer.EnsureInitialized(ref _store, Create);

    private IBlobStore Create()
    {
        var o = options.Value;
        return o.Store.ToLowerInvariant() switch
        {
            "local" => new LocalDirectoryBlobStore(Path.GetFullPath(o.DataDirectory), time, loggers.CreateLogger<LocalDirectoryBlobStore>()),
            "azure" => CreateAzure(o),
            "memory" => new InMemoryBlobStore(time),
            var other => throw new InvalidOperationException(
                $"Saver:Store is '{other}'; it must be 'local', 'azure' or 'memory'."),
        };
    }

    private AzureBlobStore CreateAzure(SaverOptions o)
    {
        var connectionString = o.BlobConnectionString is { Length: > 0 } cs ? cs : configuration["AzureWebJobsStorage"];
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("Saver:Store is 'azure' but neither Saver:BlobConnectionString nor AzureWebJobsStorage is set.");
        var azure = new AzureBlobStoreOptions { ConnectionString = connectionString, ContainerName = o.Container };
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
