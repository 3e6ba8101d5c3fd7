namespace Saver.Tests.Infrastructure;

/// <summary>
/// The tests read the original's data from the copy in tests/fixtures (see
/// <see cref="RepositoryRoot.SharedFixtures"/>); where ../shared is beside the checkout, the copy
/// must still be exactly what is there: every file and folder, with the same contents.
/// </summary>
public class FixturesCopyTests
{
    private static readonly string Shared = Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "fixtures", "saver-data"));

    [Fact]
    public void The_copy_in_the_repository_is_the_shared_fixtures_unchanged()
    {
        // A clean clone elsewhere has nothing to compare with (xunit 2 cannot skip at run time).
        if (!Directory.Exists(Shared)) return;
        // diff -r reports any file that differs or is only on one side, folders included.
        Shell.Run("diff", "-r", "--no-dereference", Shared, RepositoryRoot.SharedFixtures);
        Assert.Equal(Entries(Shared), Entries(RepositoryRoot.SharedFixtures));
    }

    private static List<string> Entries(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(root, p)).Order(StringComparer.Ordinal)];
}
