using System.Formats.Tar;
using System.IO.Compression;

namespace Saver.Tests.Import;

/// <summary>
/// Archives that look like a data folder of the original (a real format-1 kata first) and then
/// hold one member an import must refuse. Each comes with words its refusal must contain.
/// </summary>
public static class HostileArchives
{
    /// <summary>The test app's limits (Saver:Import): small, so that going past them is cheap.</summary>
    public const long MaxArchiveBytes = 16L * 1024 * 1024;
    public const int MaxArchiveEntries = 5_000; // the v2 archive has 4600

    public static TheoryData<string> Names() =>
    [
        "symbolic link", "hard link", "parent folder", "absolute path", "fifo", "character device",
        "duplicate file", "file over folder", "gzip bomb", "too many members", "not an archive", "truncated",
    ];

    /// <summary>Writes the archive named <paramref name="name"/> at <paramref name="path"/>; returns what its refusal must say.</summary>
    public static string Write(string name, string path)
    {
        switch (name)
        {
            case "symbolic link":
                Tar(path, tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "cyber-dojo/katas/H8/NA/vN/secret") { LinkName = "/etc/passwd" }));
                return "is a link";
            case "hard link":
                Tar(path, tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, "cyber-dojo/katas/H8/NA/vN/secret") { LinkName = "/etc/passwd" }));
                return "is a link";
            case "parent folder":
                Tar(path, tar => File(tar, "cyber-dojo/katas/../../../../escaped.txt", "out"));
                return "leads out of the archive's folder";
            case "absolute path":
                Tar(path, tar => File(tar, "/tmp/saver-tests/absolute.txt", "out"));
                return "absolute path";
            case "fifo":
                Tar(path, tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.Fifo, "cyber-dojo/katas/H8/NA/vN/pipe")));
                return "only files and folders are accepted";
            case "character device":
                Tar(path, tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, "cyber-dojo/katas/H8/NA/vN/null") { DeviceMajor = 1, DeviceMinor = 3 }));
                return "only files and folders are accepted";
            case "duplicate file":
                Tar(path, tar => File(tar, "cyber-dojo/katas/H8/NA/vN/manifest.json", "{\"version\":2}"));
                return "appears twice";
            case "file over folder":
                Tar(path, tar => File(tar, "cyber-dojo/katas/H8/NA", "not a folder"));
                return "is both a file and a folder";
            case "gzip bomb":
                Tar(path, tar => tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "cyber-dojo/katas/H8/NA/vN/zeros")
                {
                    DataStream = new MemoryStream(new byte[2 * MaxArchiveBytes]),
                }));
                return $"expands to more than {MaxArchiveBytes} bytes";
            case "too many members":
                Tar(path, tar =>
                {
                    // One folder over and over: cheap to write and to extract, but members all the same.
                    for (var i = 0; i < MaxArchiveEntries; i++)
                        tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "cyber-dojo/groups/many/"));
                });
                return $"more than {MaxArchiveEntries} members";
            case "not an archive":
                System.IO.File.WriteAllText(path, "this is not a tar archive, nor gzip; it only has a .tgz name\n" + new string('x', 2000));
                return "not a valid tar or .tgz archive";
            case "truncated":
                Tar(path, _ => { });
                var whole = System.IO.File.ReadAllBytes(path);
                System.IO.File.WriteAllBytes(path, whole[..(whole.Length / 2)]);
                return "refused archive";
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, null);
        }
    }

    /// <summary>A .tgz with the real format-1 kata H8NAvN, then whatever <paramref name="hostile"/> adds.</summary>
    private static void Tar(string path, Action<TarWriter> hostile)
    {
        using var file = System.IO.File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip, TarEntryFormat.Pax);
        var kata = Path.Combine(OriginalData.Folder, "cyber-dojo", "katas", "H8", "NA", "vN");
        foreach (var folder in new[] { "cyber-dojo/", "cyber-dojo/katas/", "cyber-dojo/katas/H8/", "cyber-dojo/katas/H8/NA/", "cyber-dojo/katas/H8/NA/vN/" })
            tar.WriteEntry(new PaxTarEntry(TarEntryType.Directory, folder));
        foreach (var source in Directory.GetFiles(kata).Order(StringComparer.Ordinal))
            tar.WriteEntry(source, "cyber-dojo/katas/H8/NA/vN/" + Path.GetFileName(source));
        hostile(tar);
    }

    private static void File(TarWriter tar, string name, string content) =>
        tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) });
}
