namespace Saver.Benchmarks.Infrastructure;

/// <summary>The checkout's top folder (the one holding Saver.sln), found from the binary or the current folder.</summary>
public static class RepositoryRoot
{
    public static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Saver.sln"))) return dir.FullName;
        throw new InvalidOperationException($"Saver.sln not found above {AppContext.BaseDirectory} or {Directory.GetCurrentDirectory()}");
    }
}
