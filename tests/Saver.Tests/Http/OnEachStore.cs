using Saver.Storage.Blobs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Http;

// The HTTP suites, each run on the local-directory store and on Azure (Azurite).

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
