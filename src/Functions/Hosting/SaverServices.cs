using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Saver.Functions.Api;
using Saver.Storage.Blobs;
using Saver.Storage.Diffs;
using Saver.Storage.Clusters;
using Saver.Storage.Externals;
using Saver.Storage.Forks;
using Saver.Storage.Git;
using Saver.Storage.Groups;
using Saver.Storage.Ids;
using Saver.Storage.Import;
using Saver.Storage.Katas;
using Saver.Storage.Migration;

namespace Saver.Functions.Hosting;

/// <summary>The service's object graph, chosen by configuration; the same under either host.</summary>
public static class SaverServices
{
    public static IServiceCollection AddSaver(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SaverOptions>()
            .Bind(configuration.GetSection(SaverOptions.Section))
            .PostConfigure(o =>
            {
                // The Functions app's own storage, when Saver is given no store of its own.
                if (string.IsNullOrWhiteSpace(o.BlobConnectionString) && o.BlobServiceUri is null)
                    o.BlobConnectionString = configuration["AzureWebJobsStorage"];
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<SaverOptions>, SaverOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IRandomSource, SystemRandomSource>();
        services.AddSingleton<CommitSha>();
        services.AddSingleton<ReadinessProbe>();
        // Made only when first resolved, which only an app on Saver:BlobServiceUri does.
        services.TryAddSingleton<TokenCredential>(_ => new DefaultAzureCredential());
        services.TryAddSingleton(_ => new BlobClientOptions());
        services.AddSingleton<BlobStoreFactory>();
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<BlobStoreFactory>().Store);
        services.AddHostedService<BlobStoreInitializer>();
        services.AddHostedService<LocalStoreSweeper>();

        services.AddSingleton(sp => GitRepositoryOptionsFrom(sp.GetRequiredService<IOptions<SaverOptions>>().Value));
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<GitRepositoryOptions>();
            var folder = o.CacheDirectory ?? Path.Combine(Path.GetTempPath(), "saver-cache", Guid.NewGuid().ToString("N"));
            return new RepositoryCache(folder, o.CacheCapacityBytes, sp.GetRequiredService<ILogger<RepositoryCache>>());
        });
        services.AddSingleton<IRepositoryLogFolders, KataLogFolders>();
        services.AddSingleton<RepositoryStore>();
        services.AddSingleton<IdGenerator>();
        services.AddSingleton<Format2Katas>();
        services.AddSingleton<ForkIndex>();
        services.AddSingleton<KataService>();
        services.AddSingleton<KataForks>();
        // One differ for the process: its scratch repository (for file sets outside git) is made once, on first use.
        services.AddSingleton(sp => new FilesDiffer(sp.GetRequiredService<RepositoryCache>().WorkRoot));
        services.AddSingleton<KataDiffs>();
        services.AddSingleton(sp => new RawGitDiffer(sp.GetRequiredService<RepositoryCache>().WorkRoot));
        services.AddSingleton<KataGitDiff>();
        services.AddSingleton<KataDownload>();
        services.AddSingleton<GroupStore>();
        services.AddSingleton<GroupService>();
        services.AddSingleton<ClusterService>();
        services.AddSingleton<IdChain>();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SaverOptions>>().Value.Import);
        services.AddSingleton<DataFolderImporter>();
        services.AddSingleton<ImportCommand>();
        services.AddArchives();
        services.AddSingleton<KataMigration>();
        services.AddSingleton<GroupMigration>();
        services.AddSingleton(sp => new MigrateOnWrite(sp.GetRequiredService<KataMigration>(), sp.GetRequiredService<GroupMigration>(),
            sp.GetRequiredService<IOptions<SaverOptions>>().Value.MigrateOnWrite));
        services.AddSingleton<StoreMigration>();
        services.AddSingleton<MigrateAllCommand>();

        services.AddSingleton<ApiServices>();
        services.AddSingleton<ApiRequestHandler>();
        services.AddResponseCompression(options =>
        {
            options.EnableForHttps = true;
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ["application/json"];
        });
        // Under either host the pipeline starts with compression: the Functions worker's
        // ASP.NET Core pipeline is built by its extension, so it is added as a startup filter.
        services.AddTransient<IStartupFilter, ResponseCompressionStartupFilter>();
        return services;
    }

    private static GitRepositoryOptions GitRepositoryOptionsFrom(SaverOptions o) => new()
    {
        CacheDirectory = o.CacheDirectory,
        CacheCapacityBytes = o.CacheMegabytes * 1024L * 1024,
        CompactAfterRecords = o.CompactAfterRecords,
        CompactAfterTailBytes = o.CompactAfterTailMegabytes * 1024L * 1024,
        LeaseDuration = TimeSpan.FromSeconds(o.LeaseSeconds),
        LeaseWaitTimeout = TimeSpan.FromSeconds(o.LeaseWaitSeconds),
    };

    private sealed class ResponseCompressionStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.UseResponseCompression();
            next(app);
        };
    }
}
