using Microsoft.Extensions.DependencyInjection;
using Saver.Storage.Blobs;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// The store a suite runs on: a local folder of its own, or a fresh container on Azurite; and
/// the settings that point the app at it and at its archive (of scheduled downloads). Every
/// app started here shares the one store, as the instances of one deployment do.
/// </summary>
public sealed class StoreUnderTest : IDisposable
{
    private readonly TempDirectory? _folder;

    private StoreUnderTest(IReadOnlyDictionary<string, string?> settings, TempDirectory? folder)
    {
        Settings = settings;
        _folder = folder;
    }

    /// <summary>The configuration of the store and its archive, as run.sh or an app setting would give it.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The local-directory store, in a temporary folder that holds its data and archive folders.</summary>
    public static StoreUnderTest LocalDirectory()
    {
        var folder = new TempDirectory("store");
        return new StoreUnderTest(new Dictionary<string, string?>
        {
            ["Saver:Store"] = "local",
            ["Saver:DataDirectory"] = Path.Combine(folder.Path, "data"),
            ["Saver:ArchiveDirectory"] = Path.Combine(folder.Path, "archive"),
        }, folder);
    }

    /// <summary>Azure Blob Storage on <paramref name="azurite"/>: a container no other test uses, and its archive beside it.</summary>
    public static StoreUnderTest Azure(AzuriteFixture azurite)
    {
        var container = AzuriteFixture.NewContainerName();
        return new StoreUnderTest(new Dictionary<string, string?>
        {
            ["Saver:Store"] = "azure",
            ["Saver:BlobConnectionString"] = azurite.ConnectionString,
            ["Saver:Container"] = container,
            ["Saver:ArchiveContainer"] = container + "-archive",
        }, folder: null);
    }

    /// <summary>An app on this store.</summary>
    /// <param name="settings">More configuration; the store's own settings win over it.</param>
    /// <param name="decorateStore">Wraps the app's blob store (to inject faults), or null.</param>
    /// <param name="configureServices">Changes the app's services after its own registrations (to replace one), or null.</param>
    public SaverApp StartApp(IReadOnlyDictionary<string, string?>? settings = null, Func<IBlobStore, IBlobStore>? decorateStore = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        foreach (var (key, value) in Settings) all[key] = value;
        return SaverApp.Start(all, decorateStore, configureServices);
    }

    public void Dispose() => _folder?.Dispose();
}
