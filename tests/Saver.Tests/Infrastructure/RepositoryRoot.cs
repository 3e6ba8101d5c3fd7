using System.Security.Cryptography;

namespace Saver.Tests.Infrastructure;

/// <summary>The checkout's top folder (the one holding Saver.sln), found from the test binary.</summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> UnpackedFixtures = new(UnpackFixtures);

    public static string Path { get; } = Find();

    /// <summary>The copy of ../shared/fixtures/saver-data kept in the repository, unchanged (see <see cref="SharedFixtures"/>).</summary>
    public static string FixturesArchive => System.IO.Path.Combine(Path, "tests", "fixtures", "saver-data.tgz");

    /// <summary>
    /// The original saver's data (../shared/fixtures/saver-data), unpacked once per content
    /// from <see cref="FixturesArchive"/>: a clean clone (as CI makes) has no ../shared beside
    /// it. A tar keeps the files as the original left them (read-only modes included), which a
    /// git checkout would not. A test checks the copy still equals ../shared where that exists.
    /// </summary>
    public static string SharedFixtures => UnpackedFixtures.Value;

    /// <summary>
    /// The Functions app as its own build left it (src/Functions/bin/CONFIGURATION/net10.0):
    /// the worker with functions.metadata and worker.config.json, as the Functions host runs
    /// it. The configuration is the tests' own, so test.sh's one build made both.
    /// </summary>
    public static string FunctionsAppFolder
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/CONFIGURATION/net10.0
            return System.IO.Path.Combine(Path, "src", "Functions", "bin", configuration, "net10.0");
        }
    }

    private static string UnpackFixtures()
    {
        var hash = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(FixturesArchive)))[..12];
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "saver-tests", "fixtures-" + hash);
        var data = System.IO.Path.Combine(folder, "saver-data");
        if (Directory.Exists(data)) return data;
        // Unpacked beside and moved into place, so a run that stopped half-way leaves nothing to reuse.
        var partial = folder + "-" + Guid.NewGuid().ToString("N")[..8];
        Shell.Untar(FixturesArchive, partial);
        try
        {
            Directory.Move(partial, folder);
        }
        catch (IOException) when (Directory.Exists(data))
        {
            Directory.Delete(partial, recursive: true);
        }
        return data;
    }

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Saver.sln"))) return dir.FullName;
        throw new InvalidOperationException("Saver.sln not found above " + AppContext.BaseDirectory);
    }
}
