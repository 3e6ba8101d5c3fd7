using LibGit2Sharp;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Git;

/// <summary>
/// Debian's libgit2 1.5 is older than the one LibGit2Sharp 0.29 was built against, so each
/// LibGit2Sharp call Saver makes is exercised here on its own first.
/// </summary>
public class LibGit2SmokeTests
{
    [Fact]
    public void Native_library_loads_and_a_bare_repository_initialises()
    {
        using var dir = new TempDirectory("lg2");
        var path = Repository.Init(dir.Path, isBare: true);
        using var repo = new Repository(path);
        Assert.True(repo.Info.IsBare);
    }
}
