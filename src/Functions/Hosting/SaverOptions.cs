using Saver.Storage.Import;

namespace Saver.Functions.Hosting;

/// <summary>
/// Configuration of the service: the whole "Saver" section (environment: Saver__Store=azure,
/// Saver__ScheduledDownloads__Schedule=…), bound once at start and checked there by
/// <see cref="SaverOptionsValidator"/>.
/// </summary>
public sealed class SaverOptions
{
    public const string Section = "Saver";

    /// <summary>"local" (a folder, the default), "azure" (Blob Storage, or Azurite) or "memory" (tests only; lost on exit).</summary>
    public string Store { get; set; } = "local";

    /// <summary>The local store's folder.</summary>
    public string DataDirectory { get; set; } = ".saver-data";

    /// <summary>
    /// The Azure store's connection string (a key, a SAS, or <c>UseDevelopmentStorage=true</c>).
    /// When neither it nor <see cref="BlobServiceUri"/> is set, AzureWebJobsStorage (the
    /// Functions app's own storage) is used.
    /// </summary>
    public string? BlobConnectionString { get; set; }

    /// <summary>
    /// The Azure store's blob endpoint (https://ACCOUNT.blob.core.windows.net), reached with
    /// DefaultAzureCredential: the app's managed identity on Azure, no key anywhere.
    /// </summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The Azure store's container.</summary>
    public string Container { get; set; } = "saver";

    /// <summary>The Azure container of the scheduled downloads' archive.</summary>
    public string ArchiveContainer { get; set; } = "saver-archive";

    /// <summary>The local folder of the scheduled downloads' archive; default: the data folder's name plus "-archive", beside it.</summary>
    public string? ArchiveDirectory { get; set; }

    /// <summary>Request bodies over this size are refused with 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// The most files one call may carry (a write's files, a manifest's visible_files), as JSON
    /// or prepacked alike; beyond it, 400. A real kata has tens.
    /// </summary>
    public int MaxFiles { get; set; } = 1000;

    /// <summary>The largest one file may be, in UTF-8 bytes, as JSON or prepacked alike; beyond it, 400.</summary>
    public long MaxFileBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Where unpacked repositories are cached; default: a fresh folder under the temp folder.</summary>
    public string? CacheDirectory { get; set; }

    /// <summary>How many megabytes of repositories this instance keeps cached (the least recently used go first).</summary>
    public int CacheMegabytes { get; set; } = 512;

    /// <summary>Writes to a kata's log after which maintenance packs them and starts the next log (docs/storage-layout.md).</summary>
    public int CompactAfterRecords { get; set; } = 32;

    /// <summary>
    /// Megabytes of whole objects in a kata's log after which maintenance packs it, however few
    /// the writes: a long kata's writes each bring whole versions of events.json, which a cold
    /// instance rebuilds and hashes (docs/storage-layout.md).
    /// </summary>
    public int CompactAfterTailMegabytes { get; set; } = 8;

    /// <summary>Seconds a writer holds a kata's lease before renewing it (15–60, Azure's range).</summary>
    public int LeaseSeconds { get; set; } = 15;

    /// <summary>Seconds a writer waits for another's lease before answering 503.</summary>
    public int LeaseWaitSeconds { get; set; } = 60;

    /// <summary>A write to a kata (or a join of a group) of format 0 or 1 migrates it to format 2 first, instead of answering 505.</summary>
    public bool MigrateOnWrite { get; set; }

    /// <summary>The ScheduledDownloads timer ("Saver:ScheduledDownloads").</summary>
    public ScheduledDownloadsSettings ScheduledDownloads { get; set; } = new();

    /// <summary>How <c>--import</c> works ("Saver:Import").</summary>
    public ImportOptions Import { get; set; } = new();

    /// <summary>The archive's local folder: <see cref="ArchiveDirectory"/>, or the data folder's name plus "-archive".</summary>
    public string ArchiveFolder => ArchiveDirectory is { Length: > 0 } folder
        ? folder
        : Path.TrimEndingDirectorySeparator(Path.GetFullPath(DataDirectory)) + "-archive";
}
