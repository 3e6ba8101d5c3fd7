using LibGit2Sharp;
using Saver.Storage.Ids;
using Saver.Storage.Import;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Import;

/// <summary>
/// A format-2 kata's repository, as the original leaves it on disk (a working tree with .git,
/// loose and packed objects, loose and packed refs, owned by the original's user), becomes a
/// repository archive that the git command line accepts whole, with every commit and tag
/// unchanged and nothing that main and the tags do not reach.
/// </summary>
public sealed class Format2KataConverterTests : IDisposable
{
    private static readonly EntityId Id = EntityId.Parse("AbCdEf");
    private readonly TempDirectory _temp = new("convert");

    public void Dispose() => _temp.Dispose();

    private string Work => Directory.CreateDirectory(Path.Combine(_temp.Path, "work")).FullName;

    /// <summary>A kata repository made as the original makes one: a working tree, commits by the kata's id, each event tagged.</summary>
    private string OriginalKata(string branch = "main")
    {
        var kata = Path.Combine(_temp.Path, "katas", "Ab", "Cd", "Ef");
        Directory.CreateDirectory(Path.Combine(kata, "files"));
        GitCli.Run(kata, "init", "-q", "-b", branch);
        GitCli.Run(kata, "config", "user.name", Id.Value);
        GitCli.Run(kata, "config", "user.email", Id.Value + "@cyber-dojo.org");
        File.WriteAllText(Path.Combine(kata, "manifest.json"), "{\"version\":2}");
        File.WriteAllText(Path.Combine(kata, "events.json"), "[{\"index\":0}]");
        File.WriteAllText(Path.Combine(kata, "files", "hiker.py"), "a\n");
        GitCli.Run(kata, "add", ".");
        GitCli.Run(kata, "commit", "-q", "-m", "0 kata creation");
        GitCli.Run(kata, "tag", "0");
        // Event 0 packed, with its refs in packed-refs, as git gc leaves a repository.
        GitCli.Run(kata, "repack", "-a", "-d", "-q");
        GitCli.Run(kata, "pack-refs", "--all");
        File.WriteAllText(Path.Combine(kata, "files", "hiker.py"), "b\n");
        GitCli.Run(kata, "commit", "-q", "-a", "-m", "1 ran tests, no prediction, got red");
        GitCli.Run(kata, "tag", "1");
        GitCli.Run(kata, "tag", "-a", "noted", "-m", "an annotated tag");
        return kata;
    }

    private static string Git(string kata) => Path.Combine(kata, ".git");

    private string ConvertAndUnpack(string kata, out byte[]? manifestAtHead)
    {
        var archive = Path.Combine(_temp.Path, "repository.tar");
        manifestAtHead = new Format2KataConverter(Work).Convert(Id, Git(kata), archive);
        var unpacked = Path.Combine(_temp.Path, "unpacked.git");
        Shell.Untar(archive, unpacked);
        return unpacked;
    }

    private static string[] Lines(string git, params string[] arguments) =>
        GitCli.Lines(GitCli.Run(git, ["--git-dir", git, .. arguments]));

    [Fact]
    public void Every_commit_and_tag_is_kept_in_one_pack_that_git_accepts()
    {
        var kata = OriginalKata();
        Shell.GiveToOriginalSaver(kata);

        var git = ConvertAndUnpack(kata, out var manifest);

        GitCli.Run(git, "--git-dir", git, "fsck", "--strict", "--no-dangling");
        Assert.Equal(Lines(Git(kata), "rev-parse", "HEAD"), Lines(git, "rev-parse", "main"));
        Assert.Equal(["1 ran tests, no prediction, got red", "0 kata creation"], Lines(git, "log", "--format=%s", "main"));
        Assert.Equal(["0", "1", "noted"], Lines(git, "tag"));
        Assert.Equal(Lines(Git(kata), "rev-parse", "0", "1", "noted"), Lines(git, "rev-parse", "0", "1", "noted"));
        Assert.Equal(["tag"], Lines(git, "cat-file", "-t", "noted"));
        Assert.Equal(["main"], Lines(git, "branch", "--format=%(refname:short)"));
        Assert.Equal("refs/heads/main", GitCli.Run(git, "--git-dir", git, "symbolic-ref", "HEAD").Trim());
        Assert.Equal(Id.Value, GitCli.Run(git, "--git-dir", git, "config", "user.name").Trim());
        Assert.Equal(Id.Value + "@cyber-dojo.org", GitCli.Run(git, "--git-dir", git, "config", "user.email").Trim());
        Assert.Equal("true", GitCli.Run(git, "--git-dir", git, "config", "core.bare").Trim());
        Assert.Single(Directory.GetFiles(Path.Combine(git, "objects", "pack"), "*.pack"));
        Assert.Equal(Lines(Git(kata), "rev-list", "--objects", "--all").Order(), Lines(git, "rev-list", "--objects", "--all").Order());
        Assert.Equal("{\"version\":2}", System.Text.Encoding.UTF8.GetString(manifest!));
    }

    [Fact]
    public void Libgit2_would_refuse_the_original_in_place_because_another_user_owns_it()
    {
        // Why the converter reads a private copy: this is what opening the original would do.
        var kata = OriginalKata();
        Shell.GiveToOriginalSaver(kata);
        Assert.Equal(Shell.OriginalSaverUid, Shell.OwnerOf(Git(kata)));

        // LibGit2Sharp reports libgit2's owner check as "not a valid repository"...
        Assert.ThrowsAny<LibGit2SharpException>(() => new Repository(Git(kata)));
        // ...and the very same folder opens once it is ours.
        Shell.Run("chown", "-R", $"{Environment.UserName}:", kata);
        using var repo = new Repository(Git(kata));
        Assert.Equal(Lines(Git(kata), "rev-parse", "HEAD").Single(), repo.Head.Tip.Sha);
    }

    [Fact]
    public void A_head_on_another_branch_becomes_main_and_other_branches_are_left_out()
    {
        var kata = OriginalKata(branch: "master");
        GitCli.Run(kata, "checkout", "-q", "-b", "elsewhere");
        File.WriteAllText(Path.Combine(kata, "files", "hiker.py"), "elsewhere\n");
        GitCli.Run(kata, "commit", "-q", "-a", "-m", "not an event");
        var elsewhere = Lines(Git(kata), "rev-parse", "elsewhere").Single();
        GitCli.Run(kata, "checkout", "-q", "master");

        var git = ConvertAndUnpack(kata, out _);

        Assert.Equal(Lines(Git(kata), "rev-parse", "master"), Lines(git, "rev-parse", "main"));
        Assert.Equal(["main"], Lines(git, "branch", "--format=%(refname:short)"));
        Assert.NotEqual(0, GitCli.TryRun(git, "--git-dir", git, "cat-file", "-e", elsewhere).Exit);
        GitCli.Run(git, "--git-dir", git, "fsck", "--strict", "--no-dangling");
    }

    [Fact]
    public void A_repository_missing_an_object_is_refused_naming_the_kata()
    {
        var kata = OriginalKata();
        var blob = Lines(Git(kata), "rev-parse", "1:files/hiker.py").Single();
        File.Delete(Path.Combine(Git(kata), "objects", blob[..2], blob[2..]));
        var archive = Path.Combine(_temp.Path, "repository.tar");

        var refused = Assert.Throws<ImportException>(() => new Format2KataConverter(Work).Convert(Id, Git(kata), archive));

        Assert.Contains("kata AbCdEf", refused.Message);
        Assert.False(File.Exists(archive));
    }

    [Fact]
    public void A_repository_with_no_commit_is_refused()
    {
        var kata = Path.Combine(_temp.Path, "empty");
        Directory.CreateDirectory(kata);
        GitCli.Run(kata, "init", "-q", "-b", "main");

        var refused = Assert.Throws<ImportException>(() =>
            new Format2KataConverter(Work).Convert(Id, Git(kata), Path.Combine(_temp.Path, "repository.tar")));
        Assert.Contains("no commit at HEAD", refused.Message);
    }

    [Fact]
    public void A_symbolic_link_in_the_git_folder_is_refused_rather_than_followed()
    {
        var kata = OriginalKata();
        var outside = Path.Combine(_temp.Path, "secret");
        File.WriteAllText(outside, "not for the store");
        File.CreateSymbolicLink(Path.Combine(Git(kata), "refs", "tags", "2"), outside);

        var refused = Assert.Throws<ImportException>(() =>
            new Format2KataConverter(Work).Convert(Id, Git(kata), Path.Combine(_temp.Path, "repository.tar")));
        Assert.Contains("symbolic link", refused.Message);
    }

    [Fact]
    public void The_originals_alternates_are_not_followed()
    {
        // objects/info/alternates could name any folder; the converter reads only the kata's own objects.
        var kata = OriginalKata();
        var elsewhere = Path.Combine(_temp.Path, "elsewhere.git");
        GitCli.Run(_temp.Path, "init", "-q", "--bare", elsewhere);
        var objects = Path.Combine(Git(kata), "objects");
        var blob = Lines(Git(kata), "rev-parse", "1:files/hiker.py").Single();
        var moved = Path.Combine(elsewhere, "objects", blob[..2]);
        Directory.CreateDirectory(moved);
        File.Move(Path.Combine(objects, blob[..2], blob[2..]), Path.Combine(moved, blob[2..]));
        File.WriteAllText(Path.Combine(objects, "info", "alternates"), Path.Combine(elsewhere, "objects") + "\n");
        GitCli.Run(kata, "fsck", "--no-dangling"); // complete, for git, through its alternates

        var refused = Assert.Throws<ImportException>(() =>
            new Format2KataConverter(Work).Convert(Id, Git(kata), Path.Combine(_temp.Path, "repository.tar")));
        Assert.Contains("borrows objects from elsewhere", refused.Message);
    }

    [Fact]
    public void A_symbolic_link_among_the_objects_is_refused()
    {
        var kata = OriginalKata();
        var blob = Lines(Git(kata), "rev-parse", "1:files/hiker.py").Single();
        var loose = Path.Combine(Git(kata), "objects", blob[..2], blob[2..]);
        var moved = Path.Combine(_temp.Path, "moved-object");
        File.Move(loose, moved);
        File.CreateSymbolicLink(loose, moved);

        var refused = Assert.Throws<ImportException>(() =>
            new Format2KataConverter(Work).Convert(Id, Git(kata), Path.Combine(_temp.Path, "repository.tar")));
        Assert.Contains("symbolic link", refused.Message);
    }

    [Fact]
    public void Nothing_is_left_in_the_work_folder()
    {
        var kata = OriginalKata();
        ConvertAndUnpack(kata, out _);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Work));
    }
}
