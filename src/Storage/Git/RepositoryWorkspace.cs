using LibGit2Sharp;

namespace Saver.Storage.Git;

/// <summary>
/// A writable bare repository in a private folder, layered over an optional read-only
/// snapshot: the snapshot's objects are reached through <c>objects/info/alternates</c>, so
/// nothing is copied and the snapshot is never modified, and every object written here is
/// new and lands as a loose object. <see cref="Seal"/> packs those new objects and
/// describes the resulting repository as a <see cref="RepositoryImage"/>.
/// </summary>
public sealed class RepositoryWorkspace : IDisposable
{
    private const string MainBranchHead = "ref: refs/heads/main\n";

    private const string BareConfig =
        "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n";

    private readonly string? _snapshotFolder;

    private RepositoryWorkspace(string folder, string? snapshotFolder)
    {
        GitDirectory = folder;
        _snapshotFolder = snapshotFolder;
    }

    /// <summary>The bare repository's folder (its git directory).</summary>
    public string GitDirectory { get; }

    /// <summary>
    /// A new, empty repository whose HEAD is the unborn branch main, with
    /// <paramref name="user"/> as its configured author when given. (The config file is
    /// written here because LibGit2Sharp's Configuration.Set fails on libgit2 1.5.)
    /// </summary>
    public static RepositoryWorkspace CreateEmpty(string parentFolder, GitUser? user = null)
    {
        var folder = NewFolder(parentFolder);
        File.WriteAllText(Path.Combine(folder, "HEAD"), MainBranchHead);
        File.WriteAllText(Path.Combine(folder, "config"), BareConfig + (user is null ? "" : user.ConfigSection()));
        File.WriteAllText(Path.Combine(folder, "packed-refs"), RepositoryArchive.PackedRefs([]));
        return new RepositoryWorkspace(folder, null);
    }

    /// <summary>A repository that starts as the snapshot in <paramref name="snapshotFolder"/> is.</summary>
    public static RepositoryWorkspace Over(string snapshotFolder, string parentFolder)
    {
        var folder = NewFolder(parentFolder);
        foreach (var file in new[] { "HEAD", "config", "packed-refs" })
            File.Copy(Path.Combine(snapshotFolder, file), Path.Combine(folder, file));
        File.WriteAllText(Path.Combine(folder, "objects", "info", "alternates"),
            Path.GetFullPath(Path.Combine(snapshotFolder, "objects")) + "\n");
        return new RepositoryWorkspace(folder, snapshotFolder);
    }

    public Repository Open() => new(GitDirectory);

    /// <summary>
    /// Packs the objects written here and describes the repository. When the snapshot already
    /// has <paramref name="maxPacks"/> packs, everything reachable is packed into one instead,
    /// so a long-lived repository stays a handful of files.
    /// </summary>
    public RepositoryImage Seal(int maxPacks)
    {
        var snapshotPacks = _snapshotFolder is null ? [] : PackFiles(_snapshotFolder);
        var loose = LooseObjects().ToList();
        var packFolder = Path.Combine(GitDirectory, "objects", "pack");
        using var repo = Open();
        var refs = ReadRefs(repo);
        List<string> packs;
        if (snapshotPacks.Count + 1 > maxPacks)
        {
            WritePack(repo, packFolder, builder =>
            {
                var tips = refs.Select(r => r.Peeled ?? r.Target).Distinct().ToList();
                var filter = new CommitFilter { IncludeReachableFrom = tips, SortBy = CommitSortStrategies.None };
                foreach (var commit in repo.Commits.QueryBy(filter)) builder.AddRecursively(commit);
                foreach (var r in refs.Where(r => r.Peeled is not null)) builder.Add(new ObjectId(r.Target));
            });
            packs = PackFiles(GitDirectory);
        }
        else
        {
            if (loose.Count > 0) WritePack(repo, packFolder, builder => { foreach (var id in loose) builder.Add(id); });
            packs = [.. snapshotPacks, .. PackFiles(GitDirectory)];
        }
        return new RepositoryImage(
            File.ReadAllText(Path.Combine(GitDirectory, "HEAD")),
            File.ReadAllBytes(Path.Combine(GitDirectory, "config")),
            refs,
            packs);
    }

    public void Dispose()
    {
        try { Directory.Delete(GitDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static void WritePack(Repository repo, string packFolder, Action<PackBuilder> add)
    {
        // One thread: these packs are small, and a deploy has few cores to share between requests.
        var options = new PackBuilderOptions(packFolder) { MaximumNumberOfThreads = 1 };
        repo.ObjectDatabase.Pack(options, add);
    }

    private static List<PackedRef> ReadRefs(Repository repo)
    {
        var refs = new List<PackedRef>();
        foreach (var reference in repo.Refs)
        {
            if (reference is not DirectReference direct) continue;
            var target = direct.TargetIdentifier;
            string? peeled = null;
            if (direct.Target is TagAnnotation annotation) peeled = annotation.Peel<Commit>()?.Sha ?? annotation.Target.Sha;
            refs.Add(new PackedRef(direct.CanonicalName, target, peeled));
        }
        return refs;
    }

    private IEnumerable<ObjectId> LooseObjects()
    {
        var objects = Path.Combine(GitDirectory, "objects");
        foreach (var dir in Directory.EnumerateDirectories(objects))
        {
            var prefix = Path.GetFileName(dir);
            if (prefix.Length != 2 || !IsHex(prefix)) continue;
            foreach (var file in Directory.EnumerateFiles(dir))
            {
                var rest = Path.GetFileName(file);
                if (rest.Length == 38 && IsHex(rest)) yield return new ObjectId(prefix + rest);
            }
        }
    }

    private static List<string> PackFiles(string gitDirectory) =>
        Directory.EnumerateFiles(Path.Combine(gitDirectory, "objects", "pack"), "pack-*.pack")
            .Where(p => File.Exists(Path.ChangeExtension(p, ".idx")))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static bool IsHex(string s) => s.All(char.IsAsciiHexDigitLower);

    private static string NewFolder(string parentFolder)
    {
        var folder = Path.Combine(parentFolder, "ws-" + Guid.NewGuid().ToString("N"));
        foreach (var sub in new[] { "objects/info", "objects/pack", "refs/heads", "refs/tags" })
            Directory.CreateDirectory(Path.Combine(folder, sub));
        return folder;
    }
}

/// <summary>The author a repository's config names (user.name, user.email).</summary>
public sealed record GitUser(string Name, string Email)
{
    internal string ConfigSection() => $"[user]\n\tname = {Quote(Name)}\n\temail = {Quote(Email)}\n";

    private static string Quote(string value) =>
        "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n") + "\"";
}
