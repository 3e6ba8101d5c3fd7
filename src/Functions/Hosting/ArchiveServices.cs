using Saver.Storage.Katas.Archives;

namespace Saver.Functions.Hosting;

/// <summary>The services of tag archives.</summary>
public static class ArchiveServices
{
    public static IServiceCollection AddArchives(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<KataArchive>();
        return services;
    }
}
