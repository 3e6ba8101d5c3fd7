using System.Globalization;

namespace Saver.Storage.Git;

/// <summary>
/// Where a repository's blobs live, under its name (a kata's is <c>katas/Ab/Cd/Ef/</c>);
/// see docs/storage-layout.md.
/// <list type="bullet">
/// <item><c>repository/head</c>: which log is current and the pack blobs its base names, so a
/// cold reader fetches them all at once.</item>
/// <item><c>repository/log.000001</c>, …: append blobs, one per generation.</item>
/// <item><c>repository/pack-&lt;checksum&gt;</c>: packs written by maintenance, never changed.</item>
/// <item><c>repository.tar</c>: the single-blob form of earlier versions, read until its next write converts it.</item>
/// </list>
/// </summary>
public sealed record RepositoryLayout(string Name)
{
    public const string FirstLog = "log.000001";

    public string Head => Name + "repository/head";

    public string Log(string log) => Name + "repository/" + log;

    public string Pack(string pack) => Name + "repository/" + pack;

    /// <summary>Everything of the current layout starts with this.</summary>
    public string Prefix => Name + "repository/";

    /// <summary>The single blob of earlier versions.</summary>
    public string SingleBlob => Name + "repository.tar";

    /// <summary>The log after <paramref name="log"/>: log.000002 after log.000001.</summary>
    public static string NextLog(string log) =>
        "log." + (int.Parse(log.AsSpan("log.".Length), CultureInfo.InvariantCulture) + 1).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>The number of a log: 1 for log.000001.</summary>
    public static int Generation(string log) => int.Parse(log.AsSpan("log.".Length), CultureInfo.InvariantCulture);

    public static string PackName(string checksumHex) => "pack-" + checksumHex;
}
