using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Saver.Storage.Blobs;

namespace Saver.Benchmarks.Infrastructure;

/// <summary>Told what the app's requests do: each one starting, and its response starting.</summary>
public interface IRequestObserver
{
    void RequestStarted();

    void Answering();
}

/// <summary>
/// The real service (Saver.Functions' Program, all its middleware) listening on a loopback
/// port chosen by the system, configured as run.sh configures it. Benchmarks talk to it over
/// real HTTP only; <see cref="Blobs"/> is for putting a kata back between iterations.
/// </summary>
public sealed class SaverServer : IAsyncDisposable
{
    private readonly Factory _factory;
    private readonly ScratchDirectory _cache;

    private SaverServer(Factory factory, ScratchDirectory cache)
    {
        _factory = factory;
        _cache = cache;
        Api = new SaverHttpApi(factory.CreateClient());
    }

    public SaverHttpApi Api { get; }

    /// <summary>The store the app writes to.</summary>
    public IBlobStore Blobs => _factory.Services.GetRequiredService<IBlobStore>();

    /// <summary>The app's services, to read what it holds (its cache) beneath the API.</summary>
    public IServiceProvider Services => _factory.Services;

    /// <param name="settings">Saver configuration, as run.sh or an app setting gives it.</param>
    /// <param name="decorateStore">Wraps the app's blob store (to count its calls), or null.</param>
    /// <param name="observer">Told as each request starts and as its response starts (to tell what it did before it answered), or null.</param>
    public static SaverServer Start(IReadOnlyDictionary<string, string?> settings, Func<IBlobStore, IBlobStore>? decorateStore = null,
        IRequestObserver? observer = null)
    {
        var cache = new ScratchDirectory("cache");
        var all = new Dictionary<string, string?>(settings)
        {
            ["Saver:CacheDirectory"] = Environment.GetEnvironmentVariable("SAVER_BENCH_CACHE") is { Length: > 0 } c ? Path.Combine(c, Guid.NewGuid().ToString("N")) : cache.Path,
            // Port 0: the system picks a free one. (WebApplicationFactory.UseKestrel(0) would
            // instead rewrite the server's addresses while the app may already be binding them,
            // a race dotnet/aspnetcore#67714 describes, and lose it under load.)
            ["urls"] = "http://127.0.0.1:0",
            // Per-request information logs would be the benchmark's own noise.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var factory = new Factory(all, decorateStore, observer);
        try
        {
            factory.UseKestrel();
            factory.StartServer();
            return new SaverServer(factory, cache);
        }
        catch
        {
            factory.Dispose();
            cache.Dispose();
            throw;
        }
    }

    public static SaverServer OnLocalDirectory(string dataDirectory, Func<IBlobStore, IBlobStore>? decorateStore = null, IRequestObserver? observer = null) =>
        Start(new Dictionary<string, string?> { ["Saver:Store"] = "local", ["Saver:DataDirectory"] = dataDirectory }, decorateStore, observer);

    public static SaverServer OnAzure(string connectionString, string container, Func<IBlobStore, IBlobStore>? decorateStore = null,
        IRequestObserver? observer = null) =>
        Start(new Dictionary<string, string?>
        {
            ["Saver:Store"] = "azure",
            ["Saver:BlobConnectionString"] = connectionString,
            ["Saver:Container"] = container,
        }, decorateStore, observer);

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _factory.DisposeAsync().ConfigureAwait(false);
        _cache.Dispose();
    }

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings, Func<IBlobStore, IBlobStore>? decorateStore, IRequestObserver? observer)
        : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            if (observer is not null)
                builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new ObserverFilter(observer)));
            if (decorateStore is null) return;
            builder.ConfigureServices(services =>
            {
                var original = services.Last(d => d.ServiceType == typeof(IBlobStore));
                services.Remove(original);
                services.AddSingleton<IBlobStore>(sp => decorateStore((IBlobStore)original.ImplementationFactory!(sp)));
            });
        }
    }

    /// <summary>Runs first in the pipeline, so it sees every response start.</summary>
    private sealed class ObserverFilter(IRequestObserver observer) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, proceed) =>
            {
                observer.RequestStarted();
                context.Response.OnStarting(() =>
                {
                    observer.Answering();
                    return Task.CompletedTask;
                });
                return proceed(context);
            });
            next(app);
        };
    }
}
