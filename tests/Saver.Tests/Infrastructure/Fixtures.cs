using Microsoft.Extensions.Logging.Abstractions;
using Saver.Storage.Blobs;
using Saver.Storage.Import;

namespace Saver.Tests.Infrastructure;

/// <summary>The original saver's test data (../shared/fixtures/saver-data), loaded into a store as an import would.</summary>
public static class Fixtures
{
    /// <summary>The folder holding katas/ and groups/ in formats 0 and 1.</summary>
    public static string CyberDojoFolder => Path.Combine(RepositoryRoot.SharedFixtures, "cyber-dojo");

    /// <summary>Loads the plain (format 0 and 1) fixture files into the store.</summary>
    public static Task<int> LoadOldFormatsAsync(IBlobStore blobs) =>
        new DataFolderImporter(blobs, NullLogger<DataFolderImporter>.Instance).ImportFilesAsync(CyberDojoFolder);
}
