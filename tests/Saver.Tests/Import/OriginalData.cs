using System.Formats.Tar;
using System.IO.Compression;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Import;

/// <summary>
/// The original saver's data in ../shared/fixtures/saver-data, and what an import must make of
/// it, worked out with the command line (tar, find, git) rather than with Saver's own code.
/// </summary>
public static class OriginalData
{
    /// <summary>The folder holding cyber-dojo/ (formats 0 and 1) and the three archives.</summary>
    public static string Folder => RepositoryRoot.SharedFixtures;

    public static string V0Archive => Path.Combine(Folder, "almost_full_group.v0.AWCQdE.tgz");
    public static string V1Archive => Path.Combine(Folder, "almost_full_group.v1.X9UunP.tgz");
    public static string V2Archive => Path.Combine(Folder, "almost_full_group.v2.U8Tt6y.tgz");

    public static string[] Archives => [V0Archive, V1Archive, V2Archive];

    /// <summary>Everything the issue asks to import: the folder and the three archives.</summary>
    public static string[] AllInputs => [Folder, .. Archives];

    /// <summary>Extracts an archive with the tar command (as root, so the original's owner, uid 19663, is kept); returns its cyber-dojo/ folder.</summary>
    public static string Untar(string archive, string folder)
    {
        Shell.Untar(archive, folder);
        return Path.Combine(folder, "cyber-dojo");
    }

    /// <summary>The format-2 kata of the v2 archive that tests write to.</summary>
    public const string Format2Kata = "gXV1Wf";

    /// <summary>
    /// Extracts only <see cref="Format2Kata"/> and the groups of the v2 archive with the tar command
    /// (owners kept); returns the cyber-dojo/ folder. A whole archive is slow to extract and delete.
    /// </summary>
    public static string UntarOneFormat2Kata(string folder)
    {
        Directory.CreateDirectory(folder);
        Shell.Run("tar", "-xzf", V2Archive, "-C", folder, "cyber-dojo/katas/gX/V1/Wf", "cyber-dojo/groups");
        return Path.Combine(folder, "cyber-dojo");
    }

    /// <summary>A .tgz of the v2 archive's members for <see cref="Format2Kata"/> only, as the original wrote them.</summary>
    public static string OneFormat2KataArchive(string path)
    {
        using (var input = new GZipStream(File.OpenRead(V2Archive), CompressionMode.Decompress))
        using (var reader = new TarReader(input))
        using (var output = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        using (var writer = new TarWriter(output, TarEntryFormat.Gnu))
        {
            while (reader.GetNextEntry(copyData: true) is { } entry)
                if ("cyber-dojo/katas/gX/V1/Wf/".StartsWith(entry.Name, StringComparison.Ordinal) || entry.Name.StartsWith("cyber-dojo/katas/gX/V1/Wf/", StringComparison.Ordinal))
                    writer.WriteEntry(entry);
        }
        return path;
    }

    /// <summary>
    /// The blobs a data folder must become, by <c>find</c>: every file at its relative path, an
    /// empty folder as &lt;folder&gt;/.dir, except that a kata folder holding .git becomes its
    /// repository.tar and manifest.json only.
    /// </summary>
    public static SortedSet<string> ExpectedBlobs(string cyberDojo)
    {
        var gitKatas = Lines(Shell.Run("find", cyberDojo, "-type", "d", "-name", ".git"))
            .Select(git => Relative(cyberDojo, Path.GetDirectoryName(git)!) + "/")
            .ToList();
        var expected = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Lines(Shell.Run("find", cyberDojo, "-mindepth", "2", "-type", "f")))
            expected.Add(Relative(cyberDojo, file));
        foreach (var folder in Lines(Shell.Run("find", cyberDojo, "-mindepth", "1", "-type", "d", "-empty")))
            expected.Add(Relative(cyberDojo, folder) + "/.dir");
        expected.RemoveWhere(name => !name.StartsWith("katas/") && !name.StartsWith("groups/") && !name.StartsWith("clusters/"));
        foreach (var kata in gitKatas)
        {
            expected.RemoveWhere(name => name.StartsWith(kata, StringComparison.Ordinal));
            expected.Add(kata + "repository.tar");
            expected.Add(kata + "manifest.json");
        }
        return expected;
    }

    /// <summary>The ids of the entities of one kind (katas, groups) in a data folder, by <c>find</c>.</summary>
    public static List<string> Ids(string cyberDojo, string kind) =>
        Lines(Shell.Run("find", Path.Combine(cyberDojo, kind), "-mindepth", "3", "-maxdepth", "3", "-type", "d"))
            .Select(folder => Relative(Path.Combine(cyberDojo, kind), folder).Replace("/", ""))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The .git folder of a format-2 kata in a data folder.</summary>
    public static string GitFolderOf(string cyberDojo, string kataId) =>
        Path.Combine(cyberDojo, "katas", kataId[..2], kataId[2..4], kataId[4..], ".git");

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
