using System.Globalization;

namespace Saver.Storage.Git;

/// <summary>
/// Where a repository's blobs live, under its name (a kata's is <c>katas/Ab/Cd/Ef/</c>);
/// see docs/storage-layout.md.
/// <list type="bullet">
/// <item><c>repository/head</c>: which log is current and the pack blobs its base names, so a
/// cold reader fetches them all at once.</item>
/// <item><c>repository/log.000001</c>, …: append blobs, one per generation. A repository may
/// keep its logs in a folder of their own instead (a group member's are under its group, so
/// that one listing tells a dashboard which members changed): then a log's name is its whole
/// blob name, <c>groups/Gh/Ij/Kl/logs/AbCdEf/log.000001</c>, and every generation after it is
/// in the same folder.</item>
/// <item><c>repository/pack-&lt;checksum&gt;</c>: packs written by maintenance, never changed.</item>
/// <item><c>repository.tar</c>: the single-blob form of earlier versions, read until its next write converts it.</item>
/// </list>
/// </summary>
public sealed record RepositoryLayout(string Name)
{
    public const string FirstLog = "log.000001";

    private const string LogStem = "log.";

    public string Head => Name + "repository/head";

    /// <summary>A log's blob: a name under <see cref="Prefix"/>, or a log kept elsewhere, named by its blob.</summary>
    public string Log(string log) => IsKeptElsewhere(log) ? log : Prefix + log;

    /// <summary>The folder <paramref name="log"/> and its other generations are in.</summary>
    public string LogFolder(string log) => IsKeptElsewhere(log) ? log[..(log.LastIndexOf('/') + 1)] : Prefix;

    /// <summary>The name of the log that is the blob <paramref name="blobName"/> (one <see cref="Log"/> gave).</summary>
    public string LogNamed(string blobName) =>
        blobName.StartsWith(Prefix, StringComparison.Ordinal) ? blobName[Prefix.Length..] : blobName;

    public string Pack(string pack) => Name + "repository/" + pack;

    /// <summary>Everything of the current layout starts with this, but logs kept elsewhere.</summary>
    public string Prefix => Name + "repository/";

    /// <summary>The single blob of earlier versions.</summary>
    public string SingleBlob => Name + "repository.tar";

    /// <summary>The first log: under <see cref="Prefix"/>, or in <paramref name="folder"/> (a blob name prefix ending in '/').</summary>
    public static string FirstLogIn(string? folder) => folder is null ? FirstLog : folder + FirstLog;

    /// <summary>The log after <paramref name="log"/>, in its folder: log.000002 after log.000001.</summary>
    public static string NextLog(string log) =>
        log[..(log.LastIndexOf('/') + 1)] + LogStem + (Generation(log) + 1).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The number of a log: 1 for log.000001.</summary>
    public static int Generation(string log) =>
        int.Parse(log.AsSpan(log.LastIndexOf('/') + 1 + LogStem.Length), CultureInfo.InvariantCulture);

    public static string PackName(string checksumHex) => "pack-" + checksumHex;

    private static bool IsKeptElsewhere(string log) => log.Contains('/', StringComparison.Ordinal);
}
