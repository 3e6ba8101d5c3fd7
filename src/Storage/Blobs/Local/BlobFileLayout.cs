using System.Security.Cryptography;
using System.Text;

namespace Saver.Storage.Blobs.Local;

/// <summary>
/// Where a local-directory store keeps what, under its root folder:
/// <list type="bullet">
/// <item><c>blobs/</c>: one file per blob, the name's segments as folders, the last segment
/// as a file ending in <see cref="BlobSuffix"/> (<c>blobs/katas/Ab/Cd/Ef/manifest.json%blob</c>).</item>
/// <item><c>leases/</c>: one small file per leased blob, named by a hash of the blob's name.</item>
/// <item><c>appends/</c>: the data files of append blobs, named at random (a blob's header names its own).</item>
/// <item><c>locks/</c>: a fixed set of lock files; each blob name maps to one of them.</item>
/// <item><c>tmp/</c>: files being written, renamed into place when complete.</item>
/// </list>
/// Only <c>blobs/</c> is named after blob names, so no name can ever collide with a lease,
/// lock or temporary file.
/// </summary>
/// <remarks>
/// A segment is escaped only where a file name must differ from it: '%' (the escape
/// character itself) and control characters become <c>%XX</c>. Because an escaped name
/// has a '%' only before two upper-case hex digits, no folder can ever be named like a
/// blob file ("…%blob"), so "a/b" (a file) and "a/b/c" (under a folder) live side by side.
/// </remarks>
internal sealed class BlobFileLayout
{
    public const string BlobSuffix = "%blob";

    /// <summary>
    /// Enough lock files that unrelated blobs rarely share one (a lock is held for a
    /// rename, never for long), few enough that they never need cleaning up.
    /// </summary>
    public const int LockStripes = 1024;

    /// <summary>The longest file name (in UTF-8 bytes) Linux and most file systems take.</summary>
    private const int MaxFileNameBytes = 255;

    public BlobFileLayout(string root)
    {
        Root = Path.GetFullPath(root);
        BlobsRoot = Path.Combine(Root, "blobs");
        LeasesRoot = Path.Combine(Root, "leases");
        AppendsRoot = Path.Combine(Root, "appends");
        LocksRoot = Path.Combine(Root, "locks");
        TempRoot = Path.Combine(Root, "tmp");
    }

    public string Root { get; }
    public string BlobsRoot { get; }
    public string LeasesRoot { get; }
    public string AppendsRoot { get; }
    public string LocksRoot { get; }
    public string TempRoot { get; }

    public void CreateFolders()
    {
        foreach (var folder in new[] { BlobsRoot, LeasesRoot, AppendsRoot, LocksRoot, TempRoot }) Directory.CreateDirectory(folder);
    }

    /// <summary>The blob's file. The name must already be valid (<see cref="BlobName.Validate"/>).</summary>
    public string BlobPath(string name)
    {
        var segments = name.Split('/');
        var parts = new string[segments.Length + 1];
        parts[0] = BlobsRoot;
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            var part = Escape(segments[i]) + (last ? BlobSuffix : "");
            if (Encoding.UTF8.GetByteCount(part) > MaxFileNameBytes)
                throw new ArgumentException($"invalid blob name '{name}': segment '{segments[i]}' is too long for a file name", nameof(name));
            parts[i + 1] = part;
        }
        return Path.Combine(parts);
    }

    /// <summary>
    /// The blob's lease file. A hash keeps the leases folder flat (no folders to create or
    /// clean up); SHA-256 makes two names sharing a file impossible in practice.
    /// </summary>
    public string LeasePath(string name) =>
        Path.Combine(LeasesRoot, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))) + ".lease");

    /// <summary>
    /// The lock file guarding the blob. The stripe must be the same in every process, so it
    /// comes from a fixed hash (FNV-1a of the UTF-8 name), never string.GetHashCode, which
    /// .NET randomises per process and would let two processes lock different files.
    /// </summary>
    public string LockPath(string name)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(name)) hash = (hash ^ b) * 16777619u;
        return Path.Combine(LocksRoot, $"{hash % LockStripes:x3}.lock");
    }

    public string NewTempPath() => Path.Combine(TempRoot, Guid.NewGuid().ToString("N") + ".tmp");

    /// <summary>A name for a new append blob's data file, never used before.</summary>
    public static string NewDataFileName() => Guid.NewGuid().ToString("N") + DataFileSuffix;

    public const string DataFileSuffix = ".data";

    /// <summary>Where the data file a blob's header names lives.</summary>
    public string DataPath(string dataFile) => Path.Combine(AppendsRoot, dataFile);

    /// <summary>
    /// The deepest folder a listing prefix names ("katas/Ab/Cd/Ef/" names blobs/katas/Ab/Cd/Ef;
    /// "katas/A" names blobs/katas), and the blob-name prefix of the things in it. Null when
    /// no valid blob name can start with the prefix (an empty, "." or ".." folder segment,
    /// a backslash...), so a listing never leaves <see cref="BlobsRoot"/>.
    /// </summary>
    public (string Folder, string NamePrefix)? ListingStart(string prefix)
    {
        var lastSlash = prefix.LastIndexOf('/');
        if (lastSlash < 0) return (BlobsRoot, "");
        var folderName = prefix[..(lastSlash + 1)];
        if (!BlobName.IsValid(folderName + "x")) return null;
        var folder = Path.Combine([BlobsRoot, .. folderName[..^1].Split('/').Select(Escape)]);
        return (folder, folderName);
    }

    public static string Escape(string segment)
    {
        if (!segment.AsSpan().ContainsAny(CharactersToEscape)) return segment;
        var escaped = new StringBuilder(segment.Length + 8);
        foreach (var c in segment)
        {
            if (CharactersToEscape.Contains(c)) escaped.Append('%').Append(((int)c).ToString("X2"));
            else escaped.Append(c);
        }
        return escaped.ToString();
    }

    /// <summary>The segment a file or folder name stands for, or null if it is not one this layout makes.</summary>
    public static string? Unescape(string fileName)
    {
        if (!fileName.Contains('%')) return fileName;
        var segment = new StringBuilder(fileName.Length);
        for (var i = 0; i < fileName.Length; i++)
        {
            if (fileName[i] != '%') { segment.Append(fileName[i]); continue; }
            if (i + 2 >= fileName.Length || !IsUpperHex(fileName[i + 1]) || !IsUpperHex(fileName[i + 2])) return null;
            segment.Append((char)Convert.ToInt32(fileName.Substring(i + 1, 2), 16));
            i += 2;
        }
        return segment.ToString();
    }

    private static bool IsUpperHex(char c) => c is >= '0' and <= '9' or >= 'A' and <= 'F';

    private static readonly System.Buffers.SearchValues<char> CharactersToEscape = System.Buffers.SearchValues.Create(
        "%\u007f" + new string(Enumerable.Range(0, 0x20).Select(i => (char)i).ToArray()));
}
