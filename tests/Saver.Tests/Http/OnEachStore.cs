using Saver.Tests.Infrastructure;

namespace Saver.Tests.Http;

// The HTTP suites, each run on the local-directory store and on Azure (Azurite).

public sealed class LocalDirectoryClassicWriteTests() : ClassicWriteTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureClassicWriteTests(AzuriteFixture azurite) : ClassicWriteTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryDiffApiTests() : DiffApiTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureDiffApiTests(AzuriteFixture azurite) : DiffApiTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryDownloadApiTests() : DownloadApiTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureDownloadApiTests(AzuriteFixture azurite) : DownloadApiTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryForkApiTests() : ForkApiTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureForkApiTests(AzuriteFixture azurite) : ForkApiTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryGitDiffApiTests() : GitDiffApiTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureGitDiffApiTests(AzuriteFixture azurite) : GitDiffApiTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryGroupApiTests() : GroupApiTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureGroupApiTests(AzuriteFixture azurite) : GroupApiTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryKataApiTests() : KataApiTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureKataApiTests(AzuriteFixture azurite) : KataApiTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryKataStorageTests() : KataStorageTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureKataStorageTests(AzuriteFixture azurite) : KataStorageTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryKataWriteAcceptanceTests() : KataWriteAcceptanceTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureKataWriteAcceptanceTests(AzuriteFixture azurite) : KataWriteAcceptanceTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryOldFormatKataTests() : OldFormatKataTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureOldFormatKataTests(AzuriteFixture azurite) : OldFormatKataTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryPrepackedWriteTests() : PrepackedWriteTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzurePrepackedWriteTests(AzuriteFixture azurite) : PrepackedWriteTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryKataArchiveApiTests() : KataArchiveApiTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureKataArchiveApiTests(AzuriteFixture azurite) : KataArchiveApiTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryDownloadTgzApiTests() : DownloadTgzApiTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureDownloadTgzApiTests(AzuriteFixture azurite) : DownloadTgzApiTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryScheduledDownloadsTests() : ScheduledDownloadsTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureScheduledDownloadsTests(AzuriteFixture azurite) : ScheduledDownloadsTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryForkCountApiTests() : ForkCountApiTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureForkCountApiTests(AzuriteFixture azurite) : ForkCountApiTests(StoreUnderTest.Azure(azurite));

public sealed class LocalDirectoryMigrationApiTests() : MigrationApiTests(StoreUnderTest.LocalDirectory());

[Collection(AzuriteCollection.Name)]
public sealed class AzureMigrationApiTests(AzuriteFixture azurite) : MigrationApiTests(StoreUnderTest.Azure(azurite));
