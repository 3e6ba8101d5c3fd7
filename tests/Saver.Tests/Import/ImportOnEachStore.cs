using Saver.Tests.Infrastructure;

namespace Saver.Tests.Import;

// The import suites, each run on the local-directory store and on Azure (Azurite).

public sealed class LocalDirectoryDataImportTests() : DataImportTests(StoreUnderTest.LocalDirectory());

// An Azurite of its own, so these (slow, disk-bound) tests run beside the other Azure suites rather than after them.
public sealed class AzureDataImportTests(AzuriteFixture azurite) : DataImportTests(StoreUnderTest.Azure(azurite)), IClassFixture<AzuriteFixture>;

public sealed class LocalDirectoryFixturesEndToEndTests() : FixturesEndToEndTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureFixturesEndToEndTests(AzuriteFixture azurite) : FixturesEndToEndTests(StoreUnderTest.Azure(azurite));
