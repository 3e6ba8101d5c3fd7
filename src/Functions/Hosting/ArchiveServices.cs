using Microsoft.Extensions.Options;
using Saver.Storage.Archive;
using Saver.Storage.Katas.Archives;

namespace Saver.Functions.Hosting;

/// <summary>The services of tag archives and scheduled downloads.</summary>
public static class ArchiveServices
{
    public static IServiceCollection AddArchives(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ScheduledDownloadsSettings>().Bind(configuration.GetSection(ScheduledDownloadsSettings.Section));
        services.AddSingleton<KataArchive>();
        services.AddSingleton(sp => new DownloadArchive(sp.GetRequiredService<BlobStoreFactory>().Archive));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ScheduledDownloadsSettings>>().Value.ToOptions());
        services.AddSingleton<ScheduledDownloads>();
        return services;
    }
}
