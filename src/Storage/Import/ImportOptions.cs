namespace Saver.Storage.Import;

/// <summary>How an import works and the limits it puts on archives (configuration section Saver:Import).</summary>
public sealed class ImportOptions
{
    /// <summary>Where archives are extracted and repositories converted; default: the system temp folder.</summary>
    public string? WorkDirectory { get; set; }

    /// <summary>How many entities are stored at once (blob stores answer faster in parallel), and repositories converted at once.</summary>
    public int Parallelism { get; set; } = 8;

    /// <summary>
    /// The most bytes an archive may expand to (tar headers included). A gzip stream can
    /// expand a thousandfold, so this is what stops an archive from filling the disk.
    /// </summary>
    public long MaxArchiveBytes { get; set; } = 16L * 1024 * 1024 * 1024;

    /// <summary>The most members (files and folders) an archive may hold.</summary>
    public int MaxArchiveEntries { get; set; } = 10_000_000;

    /// <summary>The most folders deep an archive member may be (the original's deepest is about 10).</summary>
    public int MaxArchiveDepth { get; set; } = 64;
}
