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

    /// <summary>Text of <paramref name="lines"/> lines, each different, so it packs to about that many times 40 bytes.</summary>
    private static string Lines(int lines, string seed) =>
        string.Concat(Enumerable.Range(0, lines).Select(i => $"{seed} line {i} {Convert.ToHexString(BitConverter.GetBytes(i * 7919 + seed.Length))}\n"));

    /// <summary>Files enough to make a pack of many objects (packs are sized by their objects).</summary>
    private static Dictionary<string, string> ManyFiles(int count, Dictionary<string, string>? and = null)
    {
        var files = Enumerable.Range(0, count).ToDictionary(i => $"files/many{i}.txt", i => Lines(3, "many " + i));
        foreach (var (name, content) in and ?? []) files[name] = content;
        return files;
    }

    private static string[] Packs(string git) =>
        [.. Directory.GetFiles(Path.Combine(git, "objects", "pack"), "*.pack").Order(StringComparer.Ordinal)];

    /// <summary>One change over the snapshot (or an empty repository), sealed and unpacked as the next snapshot.</summary>
    private static string Change(TempDirectory temp, string? snapshot, string name, int maxPacks, Action<Repository> change)
    {
        using var workspace = snapshot is null ? RepositoryWorkspace.CreateEmpty(temp.Path) : RepositoryWorkspace.Over(snapshot, temp.Path);
        using (var repo = workspace.Open()) change(repo);
        return Unpacked(RepositoryArchive.Write(workspace.Seal(maxPacks)), temp, name);
    }

    [Fact]
    public void A_small_change_over_a_pack_of_many_objects_adds_a_pack_and_keeps_every_earlier_object_and_the_snapshot_untouched()
    {
        using var temp = new TempDirectory("archive");
        var snapshot = Change(temp, null, "snapshot", 8,
            repo => CommitFiles(repo, "0 kata creation", ManyFiles(40, new() { ["files/a.txt"] = "a\n" }), "0"));
        var snapshotFiles = Directory.GetFiles(snapshot, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();

        var git = Change(temp, snapshot, "two", 8, repo =>
        {
            Assert.Equal("a\n", ((Blob)repo.Lookup<Commit>("refs/tags/0")["files/a.txt"].Target).GetContentText());
            CommitFiles(repo, "1 edited file a.txt", ManyFiles(40, new() { ["files/a.txt"] = "a\nb\n" }), "1");
        });
        // The snapshot a reader may be using was not touched.
        Assert.Equal(snapshotFiles, Directory.GetFiles(snapshot, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList());

        GitCli.Run(git, "--git-dir", git, "fsck", "--strict", "--no-dangling");
        Assert.Equal(["1 edited file a.txt", "0 kata creation"], GitCli.Lines(GitCli.Run(git, "--git-dir", git, "log", "--format=%s", "main")));
        Assert.Equal(["0", "1"], GitCli.Lines(GitCli.Run(git, "--git-dir", git, "tag")));
        Assert.Equal(2, Packs(git).Length);
        Assert.Contains(Packs(snapshot).Select(Path.GetFileName).Single(), Packs(git).Select(Path.GetFileName));
    }

    [Fact]
    public void A_new_pack_is_merged_with_the_packs_of_few_objects_and_the_one_of_many_is_left_alone()
    {
        using var temp = new TempDirectory("archive");
        var big = Change(temp, null, "big", 8,
            repo => CommitFiles(repo, "0 kata creation", ManyFiles(40), "0"));
        var bigPack = Path.GetFileName(Packs(big).Single());
        var small = Change(temp, big, "small", 8,
            repo => CommitFiles(repo, "1 small", ManyFiles(40, new() { ["files/s.txt"] = Lines(20, "s1") }), "1"));
        Assert.Equal(2, Packs(small).Length);

        // A second small pack about the size of the first: the two become one, the big one stays.
        var merged = Change(temp, small, "merged", 8,
            repo => CommitFiles(repo, "2 small", ManyFiles(40, new() { ["files/s.txt"] = Lines(20, "s2") }), "2"));
        var packs = Packs(merged).Select(Path.GetFileName).ToList();
        Assert.Equal(2, packs.Count);
        Assert.Contains(bigPack, packs);
        Assert.DoesNotContain(Path.GetFileName(Packs(small).Single(p => Path.GetFileName(p) != bigPack)), packs);
        GitCli.Run(merged, "--git-dir", merged, "fsck", "--strict", "--no-dangling");
        Assert.Equal(["0", "1", "2"], GitCli.Lines(GitCli.Run(merged, "--git-dir", merged, "tag")));
        Assert.Equal(Lines(20, "s1"), GitCli.Run(merged, "--git-dir", merged, "show", "1:files/s.txt"));
    }

    [Fact]
    public void Over_many_changes_the_packs_stay_a_handful_like_the_bits_of_a_binary_counter()
    {
        using var temp = new TempDirectory("archive");
        string? snapshot = null;
        const int changes = 64;
        for (var i = 0; i < changes; i++)
        {
            var index = i;
            snapshot = Change(temp, snapshot, "s" + i, maxPacks: 1000,
                repo => CommitFiles(repo, $"{index} change", new() { ["files/a.txt"] = Lines(10, "change " + index) }, index.ToString()));
            // Like a binary counter: never more packs than bits in the number of changes.
            Assert.InRange(Packs(snapshot).Length, 1, (int)Math.Log2(i + 1) + 2);
        }
        GitCli.Run(snapshot!, "--git-dir", snapshot!, "fsck", "--strict", "--no-dangling");
        Assert.Equal(changes, GitCli.Lines(GitCli.Run(snapshot!, "--git-dir", snapshot!, "log", "--format=%s", "main")).Length);
        Assert.Equal(changes, GitCli.Lines(GitCli.Run(snapshot!, "--git-dir", snapshot!, "tag")).Length);
        Assert.Equal(Lines(10, "change 5"), GitCli.Run(snapshot!, "--git-dir", snapshot!, "show", "5:files/a.txt"));
    }

    [Fact]
    public void Past_the_pack_limit_everything_reachable_is_repacked_into_one_pack_including_untagged_commits()
    {
        using var temp = new TempDirectory("archive");
        string? snapshot = null;
        for (var i = 0; i < 6; i++)
        {
            var index = i;
            var untagged = i == 3; // like an option change: on main, but no tag
            // A first pack of many objects, so that merging alone would leave two packs: only the limit makes one.
            var files = new Dictionary<string, string> { ["files/a.txt"] = string.Concat(Enumerable.Repeat("line\n", i + 1)) };
            snapshot = Change(temp, snapshot, "s" + i, maxPacks: 1,
                repo => CommitFiles(repo, $"{index} change", i == 0 ? ManyFiles(40, files) : files, untagged ? null : index.ToString()));
            Assert.Single(Packs(snapshot));
        }
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

    [Fact]
    public void Packed_refs_read_back_as_written_and_say_whether_they_are_fully_peeled()
    {
        PackedRef[] refs =
        [
            new("refs/heads/main", new string('1', 40)),
            new("refs/tags/b", new string('2', 40), new string('3', 40)),
        ];
        var (read, fullyPeeled) = RepositoryArchive.ParsePackedRefs(RepositoryArchive.PackedRefs(refs));
        Assert.Equal(refs, read);
        Assert.True(fullyPeeled);

        var (older, olderFullyPeeled) = RepositoryArchive.ParsePackedRefs($"# pack-refs with: peeled \n{new string('4', 40)} refs/tags/0\n");
        Assert.Equal([new PackedRef("refs/tags/0", new string('4', 40))], older);
        Assert.False(olderFullyPeeled);
    }

    [Fact]
    public void An_annotated_tag_is_peeled_when_made_and_stays_peeled_over_later_changes()
    {
        using var temp = new TempDirectory("archive");
        Commit tagged = null!;
        var first = Change(temp, null, "one", 8, repo =>
        {
            tagged = CommitFiles(repo, "0 kata creation", new() { ["files/a.txt"] = "a\n" }, "0");
            repo.Tags.Add("annotated", tagged, Author, "a message");
        });
        var second = Change(temp, first, "two", 8, repo => CommitFiles(repo, "1 change", new() { ["files/a.txt"] = "b\n" }, "1"));
        foreach (var git in new[] { first, second })
        {
            var (refs, fullyPeeled) = RepositoryArchive.ParsePackedRefs(File.ReadAllText(Path.Combine(git, "packed-refs")));
            Assert.True(fullyPeeled);
            Assert.Equal(tagged.Sha, refs.Single(r => r.Name == "refs/tags/annotated").Peeled);
            Assert.Null(refs.Single(r => r.Name == "refs/tags/0").Peeled);
            Assert.Equal(tagged.Sha, GitCli.Run(git, "--git-dir", git, "rev-parse", "annotated^{commit}").Trim());
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_pack_index_lists_the_ids_git_lists(int version)
    {
        using var temp = new TempDirectory("archive");
        var git = Change(temp, null, "one", 8,
            repo => CommitFiles(repo, "0 kata creation", new() { ["files/a.txt"] = "a\n", ["files/b.txt"] = Lines(50, "b") }, "0"));
        var pack = Packs(git).Single();
        var copy = Path.Combine(temp.Path, "copy.pack");
        File.Copy(pack, copy);
        GitCli.Run(temp.Path, "index-pack", $"--index-version={version}", "-o", Path.ChangeExtension(copy, ".idx"), copy);

        var expected = GitCli.Lines(GitCli.Run(temp.Path, "verify-pack", "-v", Path.ChangeExtension(copy, ".idx")))
            .Select(line => line.Split(' ')[0]).Where(id => id.Length == 40).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(5, expected.Count); // the commit, the root and files/ trees, two blobs
        Assert.Equal(expected, PackIndex.ObjectIds(copy).Select(id => id.Sha).ToList());
        Assert.Equal(expected.Count, PackIndex.ObjectCount(copy));
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
