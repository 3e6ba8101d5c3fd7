using System.Formats.Tar;
using System.Text;
using LibGit2Sharp;
using Saver.Storage.Git;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Git;

/// <summary>
/// The one-blob repository format: a workspace's commits sealed into an archive, unpacked
/// again, must be a repository that the git command line accepts whole; and an archive that
/// is not of this format is refused without writing outside its folder.
/// </summary>
public class RepositoryArchiveTests
{
    private static readonly Signature Author = new("AbCdEf", "AbCdEf@cyber-dojo.org", new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));

    private static Commit CommitFiles(Repository repo, string message, Dictionary<string, string> files, string? tag)
    {
        var definition = new TreeDefinition();
        foreach (var (path, content) in files)
        {
            using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
            definition.Add(path, repo.ObjectDatabase.CreateBlob(stream), Mode.NonExecutableFile);
        }
        var tree = repo.ObjectDatabase.CreateTree(definition);
        var parent = repo.Refs["refs/heads/main"] is DirectReference { Target: Commit c } ? new[] { c } : [];
        var commit = repo.ObjectDatabase.CreateCommit(Author, Author, message + "\n", tree, parent, prettifyMessage: false);
        repo.Refs.Add("refs/heads/main", commit.Id, allowOverwrite: true);
        if (tag is not null) repo.Refs.Add("refs/tags/" + tag, commit.Id, allowOverwrite: false);
        return commit;
    }

    private static string Unpacked(byte[] archive, TempDirectory temp, string name)
    {
        var folder = Path.Combine(temp.Path, name);
        RepositoryArchive.Extract(archive, folder);
        return folder;
    }

    [Fact]
    public void A_sealed_new_repository_unpacks_to_one_git_accepts()
    {
        using var temp = new TempDirectory("archive");
        using var workspace = RepositoryWorkspace.CreateEmpty(temp.Path, new GitUser("AbCdEf", "AbCdEf@cyber-dojo.org"));
        using (var repo = workspace.Open())
        {
            CommitFiles(repo, "0 kata creation", new() { ["files/a.txt"] = "a\n", ["events.json"] = "[]" }, "0");
        }
        var archive = RepositoryArchive.Write(workspace.Seal(maxPacks: 8));

        var git = Unpacked(archive, temp, "one");
        GitCli.Run(git, "--git-dir", git, "fsck", "--strict", "--no-dangling");
        Assert.Equal(["0 kata creation"], GitCli.Lines(GitCli.Run(git, "--git-dir", git, "log", "--format=%s", "main")));
        Assert.Equal(["0"], GitCli.Lines(GitCli.Run(git, "--git-dir", git, "tag")));
        Assert.Equal("a\n", GitCli.Run(git, "--git-dir", git, "show", "0:files/a.txt"));
        Assert.Equal("refs/heads/main", GitCli.Run(git, "--git-dir", git, "symbolic-ref", "HEAD").Trim());
        Assert.Equal("AbCdEf", GitCli.Run(git, "--git-dir", git, "config", "user.name").Trim());
        Assert.Equal("AbCdEf@cyber-dojo.org", GitCli.Run(git, "--git-dir", git, "config", "user.email").Trim());
        Assert.Single(Directory.GetFiles(Path.Combine(git, "objects", "pack"), "*.pack"));
    }

    [Fact]
    public void A_change_over_a_snapshot_adds_one_pack_and_keeps_every_earlier_object()
    {
        using var temp = new TempDirectory("archive");
        byte[] first;
        using (var workspace = RepositoryWorkspace.CreateEmpty(temp.Path))
        {
            using (var repo = workspace.Open()) CommitFiles(repo, "0 kata creation", new() { ["files/a.txt"] = "a\n" }, "0");
            first = RepositoryArchive.Write(workspace.Seal(8));
        }
        var snapshot = Unpacked(first, temp, "snapshot");
        var snapshotFiles = Directory.GetFiles(snapshot, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();

        byte[] second;
        using (var workspace = RepositoryWorkspace.Over(snapshot, temp.Path))
        {
            using (var repo = workspace.Open())
            {
                Assert.Equal("a\n", ((Blob)repo.Lookup<Commit>("refs/tags/0")["files/a.txt"].Target).GetContentText());
                CommitFiles(repo, "1 edited file a.txt", new() { ["files/a.txt"] = "a\nb\n" }, "1");
            }
            second = RepositoryArchive.Write(workspace.Seal(8));
        }
        // The snapshot a reader may be using was not touched.
        Assert.Equal(snapshotFiles, Directory.GetFiles(snapshot, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList());

        var git = Unpacked(second, temp, "two");
        GitCli.Run(git, "--git-dir", git, "fsck", "--strict", "--no-dangling");
        Assert.Equal(["1 edited file a.txt", "0 kata creation"], GitCli.Lines(GitCli.Run(git, "--git-dir", git, "log", "--format=%s", "main")));
        Assert.Equal(["0", "1"], GitCli.Lines(GitCli.Run(git, "--git-dir", git, "tag")));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(git, "objects", "pack"), "*.pack").Length);
    }

    [Fact]
    public void Past_the_pack_limit_everything_reachable_is_repacked_into_one_pack_including_untagged_commits()
    {
        using var temp = new TempDirectory("archive");
        string? snapshot = null;
        for (var i = 0; i < 6; i++)
        {
            using var workspace = snapshot is null ? RepositoryWorkspace.CreateEmpty(temp.Path) : RepositoryWorkspace.Over(snapshot, temp.Path);
            using (var repo = workspace.Open())
            {
                var untagged = i == 3; // like an option change: on main, but no tag
                CommitFiles(repo, $"{i} change", new() { ["files/a.txt"] = string.Concat(Enumerable.Repeat("line\n", i + 1)) }, untagged ? null : i.ToString());
            }
            snapshot = Unpacked(RepositoryArchive.Write(workspace.Seal(maxPacks: 3)), temp, "s" + i);
        }
        var packs = Directory.GetFiles(Path.Combine(snapshot!, "objects", "pack"), "*.pack").Length;
        Assert.InRange(packs, 1, 3);
        GitCli.Run(snapshot!, "--git-dir", snapshot!, "fsck", "--strict", "--no-dangling");
        Assert.Equal(6, GitCli.Lines(GitCli.Run(snapshot!, "--git-dir", snapshot!, "log", "--format=%s", "main")).Length);
        Assert.Equal("line\nline\nline\nline\n", GitCli.Run(snapshot!, "--git-dir", snapshot!, "show", "main~2:files/a.txt"));
    }

    [Fact]
    public void Packed_refs_are_sorted_and_peel_annotated_tags()
    {
        var text = RepositoryArchive.PackedRefs(
        [
            new PackedRef("refs/tags/b", new string('2', 40), new string('3', 40)),
            new PackedRef("refs/heads/main", new string('1', 40)),
        ]);
        Assert.Equal(
            "# pack-refs with: peeled fully-peeled sorted \n" +
            $"{new string('1', 40)} refs/heads/main\n{new string('2', 40)} refs/tags/b\n^{new string('3', 40)}\n", text);
    }

    public static TheoryData<string, byte[]> HostileArchives()
    {
        static byte[] Tar(params (string Name, TarEntryType Type, string Content)[] entries)
        {
            using var buffer = new MemoryStream();
            using (var tar = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
                foreach (var (name, type, content) in entries)
                {
                    var entry = new PaxTarEntry(type, name);
                    if (type == TarEntryType.SymbolicLink) entry.LinkName = content;
                    else if (type == TarEntryType.RegularFile) entry.DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content));
                    tar.WriteEntry(entry);
                }
            return buffer.ToArray();
        }
        var basics = new[] { ("HEAD", TarEntryType.RegularFile, "ref: refs/heads/main\n"), ("config", TarEntryType.RegularFile, ""), ("packed-refs", TarEntryType.RegularFile, "") };
        return new TheoryData<string, byte[]>
        {
            { "escapes with ..", Tar([.. basics, ("../escaped", TarEntryType.RegularFile, "x")]) },
            { "absolute path", Tar([.. basics, ("/tmp/escaped", TarEntryType.RegularFile, "x")]) },
            { "pack path escape", Tar([.. basics, ("objects/pack/../../../escaped", TarEntryType.RegularFile, "x")]) },
            { "symlink", Tar([.. basics, ("objects/pack/pack-" + new string('a', 40) + ".pack", TarEntryType.SymbolicLink, "/etc/passwd")]) },
            { "hooks", Tar([.. basics, ("hooks/post-commit", TarEntryType.RegularFile, "rm -rf /")]) },
            { "duplicate", Tar([.. basics, ("HEAD", TarEntryType.RegularFile, "x")]) },
            { "no HEAD", Tar(("config", TarEntryType.RegularFile, ""), ("packed-refs", TarEntryType.RegularFile, "")) },
            { "not a tar", Encoding.UTF8.GetBytes("this is not an archive at all, just some text that is long enough to look like a header block maybe") },
            { "empty", [] },
        };
    }

    [Theory]
    [MemberData(nameof(HostileArchives))]
    public void An_archive_not_of_this_format_is_refused_and_writes_nothing_outside(string what, byte[] archive)
    {
        using var temp = new TempDirectory("hostile");
        var folder = Path.Combine(temp.Path, "repo");
        var e = Assert.Throws<InvalidDataException>(() => RepositoryArchive.Extract(archive, folder));
        Assert.False(string.IsNullOrEmpty(e.Message), what);
        Assert.False(File.Exists(Path.Combine(temp.Path, "escaped")), what);
        Assert.False(File.Exists("/tmp/escaped"), what);
        Assert.Equal(["repo"], Directory.GetFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }
}
