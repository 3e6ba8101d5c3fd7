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

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_pack_index_lists_the_ids_git_lists(int version)
    {
        using var temp = new TempDirectory("archive");
        var git = Repository.Init(Path.Combine(temp.Path, "one"), isBare: true);
        using (var repo = new Repository(git))
            CommitFiles(repo, "0 kata creation", new() { ["files/a.txt"] = "a\n", ["files/b.txt"] = Lines(50, "b") }, "0");
        GitCli.Run(git, "--git-dir", git, "repack", "-a", "-d", "-q");
        var pack = Packs(git).Single();
        var copy = Path.Combine(temp.Path, "copy.pack");
        File.Copy(pack, copy);
        GitCli.Run(temp.Path, "index-pack", $"--index-version={version}", "-o", Path.ChangeExtension(copy, ".idx"), copy);

        var expected = GitCli.Lines(GitCli.Run(temp.Path, "verify-pack", "-v", Path.ChangeExtension(copy, ".idx")))
            .Select(line => line.Split(' ')[0]).Where(id => id.Length == 40).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(5, expected.Count); // the commit, the root and files/ trees, two blobs
        Assert.Equal(expected, PackIndex.Entries(copy).Select(e => e.Id.Sha).ToList());
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
