namespace Saver.Storage.Archive;

/// <summary>What a run did with the katas it listed.</summary>
public sealed class DownloadCounts
{
    /// <summary>Katas whose current state was archived.</summary>
    public int Archived { get; set; }

    /// <summary>Katas that changed but whose current state was in the archive already (a resumed or a concurrent run).</summary>
    public int AlreadyArchived { get; set; }

    /// <summary>Katas not changed since the last completed run began: not even downloaded.</summary>
    public int Unchanged { get; set; }

    /// <summary>Katas in formats 0 and 1, which have no repository to download.</summary>
    public int OldFormat { get; set; }

    /// <summary>Katas that could not be read (a corrupt repository); logged, and left for a later change.</summary>
    public int Failed { get; set; }

    public override string ToString() =>
        $"{Archived} archived, {AlreadyArchived} already archived, {Unchanged} unchanged, {Failed} failed, " +
        $"{OldFormat} in formats 0 and 1 skipped (they have no repository to download)";
}
