using Microsoft.Extensions.Options;
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

/// <summary>The service's object graph, chosen by configuration.</summary>
public static class SaverServices
{
    public static IServiceCollection AddSaver(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SaverOptions>().Bind(configuration.GetSection(SaverOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IRandomSource, SystemRandomSource>();
        services.AddSingleton<CommitSha>();
        services.AddSingleton<ReadinessProbe>();
        services.AddHttpClient(nameof(BlobStoreFactory));
        services.AddSingleton<BlobStoreFactory>();
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<BlobStoreFactory>().Store);
        services.AddHostedService<BlobStoreInitializer>();

        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<SaverOptions>>().Value;
            return new GitRepositoryOptions
            {
                CacheDirectory = o.CacheDirectory,
                CacheCapacity = o.CacheCapacity,
                LeaseDuration = TimeSpan.FromSeconds(o.LeaseSeconds),
                LeaseWaitTimeout = TimeSpan.FromSeconds(o.LeaseWaitSeconds),
            };
        });
        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<GitRepositoryOptions>();
            var folder = o.CacheDirectory ?? Path.Combine(Path.GetTempPath(), "saver-cache", Guid.NewGuid().ToString("N"));
            return new RepositorySnapshotCache(folder, o.CacheCapacity, sp.GetRequiredService<ILogger<RepositorySnapshotCache>>());
        });
        services.AddSingleton<GitRepositoryStore>();
        services.AddSingleton<IdGenerator>();
        services.AddSingleton<Format2Katas>();
        services.AddSingleton<ForkIndex>();
        services.AddSingleton<KataService>();
        services.AddSingleton<KataForks>();
        // One differ for the process: its scratch repository (for file sets outside git) is made once, on first use.
        services.AddSingleton(sp => new FilesDiffer(sp.GetRequiredService<RepositorySnapshotCache>().WorkRoot));
        services.AddSingleton<KataDiffs>();
        services.AddSingleton(sp => new RawGitDiffer(sp.GetRequiredService<RepositorySnapshotCache>().WorkRoot));
        services.AddSingleton<KataGitDiff>();
        services.AddSingleton<KataDownload>();
        services.AddSingleton<GroupStore>();
        services.AddSingleton<GroupService>();
        services.AddSingleton<ClusterService>();
        services.AddSingleton<IdChain>();
        services.AddSingleton(configuration.GetSection(ImportCommand.OptionsSection).Get<ImportOptions>() ?? new ImportOptions());
        services.AddSingleton<DataFolderImporter>();
        services.AddSingleton<ImportCommand>();
        services.AddArchives(configuration);
        services.AddSingleton<KataMigration>();
        services.AddSingleton<GroupMigration>();
        services.AddSingleton(sp => new MigrateOnWrite(sp.GetRequiredService<KataMigration>(), sp.GetRequiredService<GroupMigration>(),
            sp.GetRequiredService<IOptions<SaverOptions>>().Value.MigrateOnWrite));
        services.AddSingleton<StoreMigration>();
        services.AddSingleton<MigrateAllCommand>();
        return services;
    }
}
