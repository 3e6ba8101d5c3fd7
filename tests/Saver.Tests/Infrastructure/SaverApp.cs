using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Saver.Storage.Blobs;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// The real service (Saver.Functions' Program) listening on a real loopback port, configured
/// by settings as run.sh would configure it. Tests talk to it over HTTP only.
/// </summary>
public sealed class SaverApp : IAsyncDisposable
{
    private readonly Factory _factory;
    private readonly TempDirectory _cache;

    private SaverApp(Factory factory, HttpClient client, TempDirectory cache)
    {
        _factory = factory;
        _cache = cache;
        Client = new SaverClient(client);
    }

    public SaverClient Client { get; }

    /// <summary>The store the app writes to, for tests that look beneath the API.</summary>
    public IBlobStore Blobs => _factory.Services.GetRequiredService<IBlobStore>();

    public IServiceProvider Services => _factory.Services;

    /// <param name="settings">Configuration, as run.sh or an app setting would give it.</param>
    /// <param name="decorateStore">Wraps the app's blob store (to inject faults), or null.</param>
    /// <param name="configureServices">Changes the app's services after its own registrations (to replace one), or null.</param>
    public static SaverApp Start(IReadOnlyDictionary<string, string?> settings, Func<IBlobStore, IBlobStore>? decorateStore = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var cache = new TempDirectory("cache");
        // A free loopback port through "urls", not UseKestrel(0): that one rewrites the server's
        // addresses after the app has started binding them, a race that fails now and then
        // ("IServerAddressesFeature.Addresses cannot be modified after the server has started").
        var all = new Dictionary<string, string?>(settings) { ["Saver:CacheDirectory"] = cache.Path, ["urls"] = "http://127.0.0.1:0" };
        var factory = new Factory(all, decorateStore, configureServices);
        factory.UseKestrel();
        factory.StartServer();
        return new SaverApp(factory, factory.CreateClient(), cache);
    }

    /// <summary>An app on the local-directory store in <paramref name="dataDirectory"/>.</summary>
    public static SaverApp OnLocalDirectory(string dataDirectory, Func<IBlobStore, IBlobStore>? decorateStore = null) =>
        Start(new Dictionary<string, string?> { ["Saver:Store"] = "local", ["Saver:DataDirectory"] = dataDirectory }, decorateStore);

    /// <summary>An app on Azure Blob Storage (Azurite) in the given container.</summary>
    public static SaverApp OnAzure(string connectionString, string container, Func<IBlobStore, IBlobStore>? decorateStore = null) =>
        Start(new Dictionary<string, string?>
        {
            ["Saver:Store"] = "azure",
            ["Saver:BlobConnectionString"] = connectionString,
            ["Saver:Container"] = container,
        }, decorateStore);

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _cache.Dispose();
    }

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings, Func<IBlobStore, IBlobStore>? decorateStore,
        Action<IServiceCollection>? configureServices)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            if (configureServices is not null) builder.ConfigureServices(configureServices);
            if (decorateStore is null) return;
            builder.ConfigureServices(services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(IBlobStore));
                services.Remove(original);
                services.AddSingleton<IBlobStore>(sp => decorateStore((IBlobStore)original.ImplementationFactory!(sp)));
            });
        }
    }
}
