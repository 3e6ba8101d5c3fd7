using Saver.Tests.Infrastructure;

namespace Saver.Tests.Import;

// The import suites, each run on the local-directory store and on Azure (Azurite).

public sealed class LocalDirectoryDataImportTests : DataImportTests
{
    protected override SaverApp StartApp(IReadOnlyDictionary<string, string?> importSettings) =>
        SaverApp.Start(new Dictionary<string, string?>(importSettings)
        {
            ["Saver:Store"] = "local",
            ["Saver:DataDirectory"] = Path.Combine(Temp.Path, "data"),
        });
}

// An Azurite of its own, so these (slow, disk-bound) tests run beside the other Azure suites rather than after them.
public sealed class AzureDataImportTests(AzuriteFixture azurite) : DataImportTests, IClassFixture<AzuriteFixture>
{
    protected override SaverApp StartApp(IReadOnlyDictionary<string, string?> importSettings) =>
        SaverApp.Start(new Dictionary<string, string?>(importSettings)
        {
            ["Saver:Store"] = "azure",
            ["Saver:BlobConnectionString"] = azurite.ConnectionString,
            ["Saver:Container"] = AzuriteFixture.NewContainerName(),
        });
}

public sealed class LocalDirectoryFixturesEndToEndTests : FixturesEndToEndTests
{
    protected override SaverApp StartApp() => SaverApp.OnLocalDirectory(Path.Combine(Temp.Path, "data"));
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureFixturesEndToEndTests(AzuriteFixture azurite) : FixturesEndToEndTests
{
    protected override SaverApp StartApp() => SaverApp.OnAzure(azurite.ConnectionString, AzuriteFixture.NewContainerName());
}
