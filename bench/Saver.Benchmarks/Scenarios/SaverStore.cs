namespace Saver.Benchmarks.Scenarios;

/// <summary>The blob stores Saver is measured on.</summary>
public enum SaverStore
{
    /// <summary>LocalDirectoryBlobStore: blobs as files in a folder, as run.sh serves by default.</summary>
    LocalDirectory,

    /// <summary>AzureBlobStore on a local Azurite, over HTTP, as on Azure.</summary>
    Azurite,

    /// <summary>InMemoryBlobStore: no storage cost at all, to show what the rest costs.</summary>
    InMemory,
}
