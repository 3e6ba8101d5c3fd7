namespace Saver.Tests.Infrastructure;

/// <summary>The checkout's top folder (the one holding Saver.sln), found from the test binary.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    public static string SharedFixtures => System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared", "fixtures", "saver-data"));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Saver.sln"))) return dir.FullName;
        throw new InvalidOperationException("Saver.sln not found above " + AppContext.BaseDirectory);
    }
}
