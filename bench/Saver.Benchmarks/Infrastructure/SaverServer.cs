using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Saver.Storage.Blobs;

namespace Saver.Benchmarks.Infrastructure;

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

    /// <param name="settings">Saver configuration, as run.sh or an app setting gives it.</param>
    public static SaverServer Start(IReadOnlyDictionary<string, string?> settings)
    {
        var cache = new ScratchDirectory("cache");
        var all = new Dictionary<string, string?>(settings)
        {
            ["Saver:CacheDirectory"] = cache.Path,
            // Port 0: the system picks a free one. (WebApplicationFactory.UseKestrel(0) would
            // instead rewrite the server's addresses while the app may already be binding them,
            // a race dotnet/aspnetcore#67714 describes, and lose it under load.)
            ["urls"] = "http://127.0.0.1:0",
            // Per-request information logs would be the benchmark's own noise.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var factory = new Factory(all);
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

    public static SaverServer OnLocalDirectory(string dataDirectory) =>
        Start(new Dictionary<string, string?> { ["Saver:Store"] = "local", ["Saver:DataDirectory"] = dataDirectory });

    public static SaverServer OnAzure(string connectionString, string container) =>
        Start(new Dictionary<string, string?>
        {
            ["Saver:Store"] = "azure",
            ["Saver:BlobConnectionString"] = connectionString,
            ["Saver:Container"] = container,
        });

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _factory.DisposeAsync().ConfigureAwait(false);
        _cache.Dispose();
    }

    private sealed class Factory(IReadOnlyDictionary<string, string?> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
        }
    }
}
