using System.Text;
using LibGit2Sharp;
using Saver.Storage.Git;
using Saver.Storage.Git.Packs;
using Saver.Tests.Infrastructure;

namespace Saver.Tests.Git.Packs;

/// <summary>
/// Maintenance's pack: a pack git wrote (offset deltas and all) merged with a tail of new
/// commits, read by git as a whole repository, with the index git itself would write.
/// </summary>
public sealed class CompactionPackTests : IDisposable
{
    private static readonly Signature Author = new("AbCdEf", "AbCdEf@cyber-dojo.org", DateTimeOffset.UnixEpoch);

    private readonly TempDirectory _temp = new("compaction-pack");

    public void Dispose() => _temp.Dispose();

    /// <summary>A repository of <paramref name="commits"/> commits on main, each adding a line to a long file and changing a short one.</summary>
    private List<Commit> History(string gitDirectory, int commits)
    {
        Repository.Init(gitDirectory, isBare: true);
        using var repo = new Repository(gitDirectory);
        var history = new List<Commit>();
        var log = new StringBuilder(string.Concat(Enumerable.Range(0, 300).Select(i => $"{{\"index\": {i}, \"colour\": \"red\"}},\n")));
        for (var i = 0; i < commits; i++)
        {
            log.Append($"{{\"index\": {300 + i}, \"colour\": \"green\"}},\n");
            var tree = new TreeDefinition();
            tree.Add("events.json", Blob(repo, log.ToString()), Mode.NonExecutableFile);
            tree.Add("src/hiker.py", Blob(repo, $"answer = {i}\n"), Mode.NonExecutableFile);
            var commit = repo.ObjectDatabase.CreateCommit(Author, Author, $"{i}\n", repo.ObjectDatabase.CreateTree(tree),
                history.Count == 0 ? [] : [history[^1]], prettifyMessage: false);
            history.Add(commit);
        }
        repo.Refs.Add("refs/heads/main", history[^1].Id);
        return history;
    }

    private static Blob Blob(Repository repo, string content)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        return repo.ObjectDatabase.CreateBlob(stream);
    }

    /// <summary>What `git verify-pack -v` says of each object: its base when it is a delta, and the chain lengths.</summary>
    private static (Dictionary<string, string?> BaseOf, string Output) VerifyPack(string gitDirectory, string idx)
    {
        var output = GitCli.Run(gitDirectory, "--git-dir", gitDirectory, "verify-pack", "-v", idx);
        var baseOf = new Dictionary<string, string?>();
        foreach (var line in GitCli.Lines(output))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 5 && fields[0].Length == 40) baseOf[fields[0]] = fields.Length >= 7 ? fields[6] : null;
        }
        return (baseOf, output);
    }

    [Fact]
    public void A_pack_git_wrote_merged_with_a_tail_is_a_pack_git_verifies_indexes_alike_and_reads_as_the_whole_history()
    {
        var source = Path.Combine(_temp.Path, "source.git");
        var history = History(source, 12);
        var packed = Path.Combine(_temp.Path, "packed");
        Directory.CreateDirectory(packed);
        // git's own pack of the first 8 commits, as `git repack` would make one.
        GitCli.RunBytes(source, Encoding.ASCII.GetBytes(history[7].Sha + "\n"), "--git-dir", source, "pack-objects", "--revs", "--delta-base-offset", Path.Combine(packed, "pack"));
        var gitPack = Directory.EnumerateFiles(packed, "pack-*.pack").Single();
        var (gitBases, _) = VerifyPack(source, Path.ChangeExtension(gitPack, ".idx"));
        Assert.Contains(gitBases.Values, b => b is not null); // it has deltas to carry over...
        var gitBytes = File.ReadAllBytes(gitPack);
        Assert.Contains(PackIndex.Entries(gitPack), e => ((gitBytes[e.Offset] >> 4) & 7) == 6); // ...naming their bases by offset

        int tailObjects;
        var target = Path.Combine(_temp.Path, "target.git");
        Repository.Init(target, isBare: true);
        string packPath;
        using (var repo = new Repository(source))
        using (var objects = GitObjectStore.Open(source))
        {
            var tail = ChangePack.NewObjects(repo, history[7].Id, history[^1].Id);
            tailObjects = tail.Count;
            using var blob = CompactionPack.Write([gitPack], tail, objects.Read);
            packPath = PackBlob.Extract(blob.Span, Path.Combine(target, "objects", "pack"));
        }
        var index = File.ReadAllBytes(Path.ChangeExtension(packPath, ".idx"));
        File.WriteAllText(Path.Combine(target, "refs", "heads", "main"), history[^1].Sha + "\n");
        GitCli.Run(target, "--git-dir", target, "fsck", "--strict", "--no-dangling");
        var (bases, _) = VerifyPack(target, Path.ChangeExtension(packPath, ".idx"));
        Assert.Equal(gitBases.Count + tailObjects, bases.Count);
        using var read = new Repository(source);
        string EventsAt(int commit) => read.Lookup<Commit>(history[commit].Id).Tree["events.json"].Target.Sha;
        // git's deltas are carried over as they were; its whole events.json of commit 7 now leans on the newest.
        Assert.All(gitBases.Where(pair => pair.Value is not null), pair => Assert.Equal(pair.Value, bases[pair.Key]));
        Assert.Null(gitBases[EventsAt(7)]);
        Assert.Equal(EventsAt(11), bases[EventsAt(7)]);

        // The index is byte for byte the one git writes for the same pack.
        var gitsIndex = Path.Combine(_temp.Path, "git.idx");
        GitCli.Run(target, "--git-dir", target, "index-pack", "-o", gitsIndex, packPath);
        Assert.Equal(File.ReadAllBytes(gitsIndex), index);

        // Every object reads back as it was.
        using (var from = GitObjectStore.Open(source))
        using (var to = GitObjectStore.Open(target))
            foreach (var id in bases.Keys.Select(sha => new ObjectId(sha)))
                Assert.Equal(from.Read(id).Data, to.Read(id).Data);

        // In the tail (versions 8 to 11, after the anchor 7): the newest whole, the others deltas against it.
        Assert.Null(bases[EventsAt(11)]);
        Assert.All(new[] { 8, 9, 10 }, commit => Assert.Equal(EventsAt(11), bases[EventsAt(commit)]));
    }

    [Fact]
    public void A_tail_whose_bases_are_in_no_merged_pack_stores_them_whole_so_the_pack_stands_alone()
    {
        var source = Path.Combine(_temp.Path, "source.git");
        var history = History(source, 6);
        var target = Path.Combine(_temp.Path, "target.git");
        Repository.Init(target, isBare: true);
        string packPath;
        using (var repo = new Repository(source))
        using (var objects = GitObjectStore.Open(source))
        using (var blob = CompactionPack.Write([], ChangePack.NewObjects(repo, history[2].Id, history[^1].Id), objects.Read))
            packPath = PackBlob.Extract(blob.Span, Path.Combine(target, "objects", "pack"));
        var (bases, _) = VerifyPack(target, Path.ChangeExtension(packPath, ".idx"));
        using var read = new Repository(source);
        string EventsAt(int commit) => read.Lookup<Commit>(history[commit].Id).Tree["events.json"].Target.Sha;
        // Versions 3 to 5, whose version before is in no pack here: the newest whole, the others deltas against it.
        Assert.Null(bases[EventsAt(5)]);
        Assert.Equal(EventsAt(5), bases[EventsAt(3)]);
        Assert.Equal(EventsAt(5), bases[EventsAt(4)]);
        Assert.All(bases.Values.Where(b => b is not null), b => Assert.Contains(b!, bases.Keys));
        GitCli.Run(target, "--git-dir", target, "index-pack", "-o", Path.Combine(_temp.Path, "git.idx"), packPath);
    }

    [Fact]
    public void Merging_again_and_again_never_makes_a_chain_of_deltas_longer_than_ten()
    {
        var source = Path.Combine(_temp.Path, "source.git");
        var history = History(source, 70);
        var folder = Path.Combine(_temp.Path, "packs");
        string? previous = null;
        using (var repo = new Repository(source))
        using (var objects = GitObjectStore.Open(source))
            for (var commit = 0; commit < history.Count; commit++)
            {
                // Maintenance after every commit: the last pack merged with a tail of one commit.
                using var blob = CompactionPack.Write(previous is null ? [] : [previous],
                    ChangePack.NewObjects(repo, commit == 0 ? null : history[commit - 1].Id, history[commit].Id), objects.Read);
                previous = PackBlob.Extract(blob.Span, Path.Combine(folder, commit.ToString()));
            }

        var target = Path.Combine(_temp.Path, "target.git");
        Repository.Init(target, isBare: true);
        File.Copy(previous!, Path.Combine(target, "objects", "pack", Path.GetFileName(previous!)));
        File.Copy(Path.ChangeExtension(previous!, ".idx"), Path.Combine(target, "objects", "pack", Path.GetFileNameWithoutExtension(previous!) + ".idx"));
        File.WriteAllText(Path.Combine(target, "refs", "heads", "main"), history[^1].Sha + "\n");
        GitCli.Run(target, "--git-dir", target, "fsck", "--strict", "--no-dangling");
        var (_, verified) = VerifyPack(target, Path.ChangeExtension(previous!, ".idx"));
        var chains = GitCli.Lines(verified).Where(l => l.StartsWith("chain length = ", StringComparison.Ordinal))
            .Select(l => int.Parse(l["chain length = ".Length..l.IndexOf(':')])).ToList();
        Assert.InRange(chains.Max(), 9, 10); // the anchors lean on each other, up to the limit and no further
    }

    [Fact]
    public void Files_that_go_back_to_earlier_contents_and_a_first_commit_in_the_tail_are_all_in_the_pack()
    {
        var source = Path.Combine(_temp.Path, "source.git");
        Repository.Init(source, isBare: true);
        var history = new List<Commit>();
        using (var repo = new Repository(source))
        {
            // hiker.py and tests.py swap contents back and forth: every version's base is an earlier version of some path.
            foreach (var (hiker, tests) in new[] { ("a", "b"), ("b", "a"), ("a", "b"), ("a", "c"), ("b", "a") })
            {
                var tree = new TreeDefinition();
                tree.Add("hiker.py", Blob(repo, hiker), Mode.NonExecutableFile);
                tree.Add("tests.py", Blob(repo, tests), Mode.NonExecutableFile);
                history.Add(repo.ObjectDatabase.CreateCommit(Author, Author, $"{history.Count}\n", repo.ObjectDatabase.CreateTree(tree),
                    history.Count == 0 ? [] : [history[^1]], prettifyMessage: false));
            }
        }
        var target = Path.Combine(_temp.Path, "target.git");
        Repository.Init(target, isBare: true);
        using (var repo = new Repository(source))
        using (var objects = GitObjectStore.Open(source))
        using (var blob = CompactionPack.Write([], ChangePack.NewObjects(repo, null, history[^1].Id), objects.Read))
            PackBlob.Extract(blob.Span, Path.Combine(target, "objects", "pack"));
        File.WriteAllText(Path.Combine(target, "refs", "heads", "main"), history[^1].Sha + "\n");
        GitCli.Run(target, "--git-dir", target, "fsck", "--strict", "--no-dangling");
        Assert.Equal(5, GitCli.Lines(GitCli.Run(target, "--git-dir", target, "log", "--format=%s", "main")).Length);
    }
}
