using Saver.Storage.Blobs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Http;

// The HTTP suites, each run on the local-directory store and on Azure (Azurite).

public sealed class LocalDirectoryClassicWriteTests : ClassicWriteTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(_data.Path);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureClassicWriteTests(AzuriteFixture azurite) : ClassicWriteTests
{
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, AzuriteFixture.NewContainerName());
}

public sealed class LocalDirectoryDiffApiTests : DiffApiTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(_data.Path);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureDiffApiTests(AzuriteFixture azurite) : DiffApiTests
{
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, AzuriteFixture.NewContainerName());
}

public sealed class LocalDirectoryDownloadApiTests : DownloadApiTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(_data.Path);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureDownloadApiTests(AzuriteFixture azurite) : DownloadApiTests
{
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, AzuriteFixture.NewContainerName());
}

public sealed class LocalDirectoryForkApiTests : ForkApiTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(_data.Path);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureForkApiTests(AzuriteFixture azurite) : ForkApiTests
{
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, AzuriteFixture.NewContainerName());
}

public sealed class LocalDirectoryGitDiffApiTests : GitDiffApiTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(_data.Path);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureGitDiffApiTests(AzuriteFixture azurite) : GitDiffApiTests
{
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, AzuriteFixture.NewContainerName());
}

public sealed class LocalDirectoryGroupApiTests : GroupApiTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp(Func<IBlobStore, IBlobStore>? decorateStore = null) => SaverApp.OnLocalDirectory(_data.Path, decorateStore);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureGroupApiTests(AzuriteFixture azurite) : GroupApiTests
{
    private readonly string _container = AzuriteFixture.NewContainerName();
    protected override SaverApp StartApp(Func<IBlobStore, IBlobStore>? decorateStore = null) =>
        SaverApp.OnAzure(azurite.ConnectionString, _container, decorateStore);
}

public sealed class LocalDirectoryKataApiTests : KataApiTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(_data.Path);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureKataApiTests(AzuriteFixture azurite) : KataApiTests
{
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, AzuriteFixture.NewContainerName());
}

public sealed class LocalDirectoryKataStorageTests : KataStorageTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp(Func<IBlobStore, IBlobStore>? decorateStore = null) => SaverApp.OnLocalDirectory(_data.Path, decorateStore);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureKataStorageTests(AzuriteFixture azurite) : KataStorageTests
{
    private readonly string _container = AzuriteFixture.NewContainerName();
    protected override SaverApp StartApp(Func<IBlobStore, IBlobStore>? decorateStore = null) =>
        SaverApp.OnAzure(azurite.ConnectionString, _container, decorateStore);
}

public sealed class LocalDirectoryKataWriteAcceptanceTests : KataWriteAcceptanceTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(_data.Path);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureKataWriteAcceptanceTests(AzuriteFixture azurite) : KataWriteAcceptanceTests
{
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, AzuriteFixture.NewContainerName());
}

public sealed class LocalDirectoryOldFormatKataTests : OldFormatKataTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(_data.Path);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureOldFormatKataTests(AzuriteFixture azurite) : OldFormatKataTests
{
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, AzuriteFixture.NewContainerName());
}

public sealed class LocalDirectoryPrepackedWriteTests : PrepackedWriteTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(_data.Path);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzurePrepackedWriteTests(AzuriteFixture azurite) : PrepackedWriteTests
{
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, AzuriteFixture.NewContainerName());
}

public sealed class LocalDirectoryKataArchiveApiTests : KataArchiveApiTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(_data.Path);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureKataArchiveApiTests(AzuriteFixture azurite) : KataArchiveApiTests
{
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, AzuriteFixture.NewContainerName());
}

public sealed class LocalDirectoryDownloadTgzApiTests : DownloadTgzApiTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(_data.Path);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureDownloadTgzApiTests(AzuriteFixture azurite) : DownloadTgzApiTests
{
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, AzuriteFixture.NewContainerName());
}

public sealed class LocalDirectoryScheduledDownloadsTests : ScheduledDownloadsTests, IDisposable
{
    private readonly TempDirectory _folder = new("scheduled");

    protected override SaverApp StartApp(Dictionary<string, string?> settings, Func<IBlobStore, IBlobStore> decorateStore,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection> configureServices) =>
        SaverApp.Start(new Dictionary<string, string?>(settings)
        {
            ["Saver:Store"] = "local",
            ["Saver:DataDirectory"] = Path.Combine(_folder.Path, "data"),
            ["Saver:ArchiveDirectory"] = Path.Combine(_folder.Path, "archive"),
        }, decorateStore, configureServices);

    public void Dispose() => _folder.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureScheduledDownloadsTests(AzuriteFixture azurite) : ScheduledDownloadsTests
{
    private readonly string _container = AzuriteFixture.NewContainerName();

    protected override SaverApp StartApp(Dictionary<string, string?> settings, Func<IBlobStore, IBlobStore> decorateStore,
        Action<Microsoft.Extensions.DependencyInjection.IServiceCollection> configureServices) =>
        SaverApp.Start(new Dictionary<string, string?>(settings)
        {
            ["Saver:Store"] = "azure",
            ["Saver:BlobConnectionString"] = azurite.ConnectionString,
            ["Saver:Container"] = _container,
            ["Saver:ArchiveContainer"] = _container + "-archive",
        }, decorateStore, configureServices);
}

public sealed class LocalDirectoryForkCountApiTests : ForkCountApiTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(_data.Path);
    protected override SaverApp StartApp(Func<IBlobStore, IBlobStore> decorateStore) => SaverApp.OnLocalDirectory(_data.Path, decorateStore);
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureForkCountApiTests(AzuriteFixture azurite) : ForkCountApiTests
{
    private readonly string _container = AzuriteFixture.NewContainerName();
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, _container);
    protected override SaverApp StartApp(Func<IBlobStore, IBlobStore> decorateStore) =>
        SaverApp.OnAzure(azurite.ConnectionString, _container, decorateStore);
}

public sealed class LocalDirectoryMigrationApiTests : MigrationApiTests, IDisposable
{
    private readonly TempDirectory _data = new("data");
    protected override SaverApp StartApp() => StartApp(new Dictionary<string, string?>());
    protected override SaverApp StartApp(IReadOnlyDictionary<string, string?> settings) =>
        SaverApp.Start(new Dictionary<string, string?>(settings) { ["Saver:Store"] = "local", ["Saver:DataDirectory"] = _data.Path });
    public void Dispose() => _data.Dispose();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureMigrationApiTests(AzuriteFixture azurite) : MigrationApiTests
{
    private readonly string _container = AzuriteFixture.NewContainerName();
    protected override SaverApp StartApp() => StartApp(new Dictionary<string, string?>());
    protected override SaverApp StartApp(IReadOnlyDictionary<string, string?> settings) =>
        SaverApp.Start(new Dictionary<string, string?>(settings)
        {
            ["Saver:Store"] = "azure",
            ["Saver:BlobConnectionString"] = azurite.ConnectionString,
            ["Saver:Container"] = _container,
        });
}
