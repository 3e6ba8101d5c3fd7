using Microsoft.Extensions.Options;
using Saver.Storage.Archive;
using Saver.Storage.Katas.Archives;

namespace Saver.Functions.Hosting;

/// <summary>The services of tag archives and scheduled downloads.</summary>
public static class ArchiveServices
{
    public static IServiceCollection AddArchives(this IServiceCollection services)
    {
        services.AddSingleton<KataArchive>();
        services.AddSingleton(sp => new DownloadArchive(sp.GetRequiredService<BlobStoreFactory>().Archive));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<SaverOptions>>().Value.ScheduledDownloads.ToOptions());
        services.AddSingleton<ScheduledDownloads>();
        services.AddSingleton<ScheduledDownloadsJob>();
        return services;
    }
}
