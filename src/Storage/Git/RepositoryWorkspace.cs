using System.Globalization;
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
    private int _packsWritten;

    private RepositoryWorkspace(string folder, string? snapshotFolder)
    {
        GitDirectory = folder;
        _snapshotFolder = snapshotFolder;
    }

    /// <summary>The bare repository's folder (its git directory).</summary>
    public string GitDirectory { get; }

    /// <summary>
    /// A new, empty repository whose HEAD is the unborn branch main, with
    /// <paramref name="user"/> as its configured author when given. (The few files of an empty
    /// bare repository are written directly: that is all git init would do here.)
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
    /// Packs the objects written here and describes the repository. The new pack is merged
    /// with every snapshot pack of fewer objects than twice those merged so far (smallest
    /// first), so pack sizes stay a geometric series, like a binary counter's bits: a
    /// repository of n writes has about log2(n) packs, and each object is packed again only
    /// about log2(n) times, where a periodic full repack would pack the whole history again
    /// and again. Should there still be more than <paramref name="maxPacks"/> packs,
    /// everything reachable is packed into one.
    /// </summary>
    public RepositoryImage Seal(int maxPacks)
    {
        var snapshotPacks = _snapshotFolder is null ? [] : PackFiles(_snapshotFolder);
        var loose = LooseObjects().ToList();
        using var repo = Open();
        var refs = ReadRefs(repo);
        var packs = snapshotPacks;
        if (loose.Count > 0)
        {
            var newPack = WritePack(repo, builder => { foreach (var id in loose) builder.Add(id); });
            packs = MergeSmallPacks(repo, snapshotPacks, newPack);
        }
        if (packs.Count > maxPacks) packs = [PackEverythingReachable(repo, refs)];
        return Image(refs, packs);
    }

    /// <summary>
    /// As <see cref="Seal"/>, with everything reachable from the refs in one pack, wherever
    /// the objects are read from (an import reads them from the original's folder).
    /// </summary>
    public RepositoryImage SealAsOnePack()
    {
        using var repo = Open();
        var refs = ReadRefs(repo);
        return Image(refs, [PackEverythingReachable(repo, refs)]);
    }

    private RepositoryImage Image(IReadOnlyList<PackedRef> refs, IEnumerable<string> packs) => new(
        File.ReadAllText(Path.Combine(GitDirectory, "HEAD")),
        File.ReadAllBytes(Path.Combine(GitDirectory, "config")),
        refs,
        [.. packs.Order(StringComparer.Ordinal)]);

    private string PackEverythingReachable(Repository repo, IReadOnlyList<PackedRef> refs) => WritePack(repo, builder =>
    {
        var tips = refs.Select(r => r.Peeled ?? r.Target).Distinct().ToList();
        var filter = new CommitFilter { IncludeReachableFrom = tips, SortBy = CommitSortStrategies.None };
        foreach (var commit in repo.Commits.QueryBy(filter)) builder.AddRecursively(commit);
        foreach (var r in refs.Where(r => r.Peeled is not null)) builder.Add(new ObjectId(r.Target));
    });

    private List<string> MergeSmallPacks(Repository repo, IReadOnlyList<string> snapshotPacks, string newPack)
    {
        // Sizes are object counts, not bytes: a pack of many similar versions deltas down to
        // few bytes, yet packing it again costs per object.
        var merging = new List<string> { newPack };
        long mergedObjects = PackIndex.ObjectCount(newPack);
        var bySize = snapshotPacks
            .Select(pack => (Pack: pack, Objects: PackIndex.ObjectCount(pack)))
            .OrderBy(p => p.Objects).ThenBy(p => p.Pack, StringComparer.Ordinal);
        foreach (var (pack, objects) in bySize)
        {
            if (objects >= 2 * mergedObjects) break;
            merging.Add(pack);
            mergedObjects += objects;
        }
        if (merging.Count == 1) return [.. snapshotPacks, newPack];
        var merged = WritePack(repo, builder =>
        {
            foreach (var pack in merging)
                foreach (var id in PackIndex.ObjectIds(pack)) builder.Add(id);
        });
        return [.. snapshotPacks.Except(merging), merged];
    }

    public void Dispose()
    {
        try { Directory.Delete(GitDirectory, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    /// <returns>The .pack file written, in a folder of its own (so it is known by name); the
    /// objects it packs stay readable here as they were.</returns>
    private string WritePack(Repository repo, Action<PackBuilder> add)
    {
        var packFolder = Path.Combine(GitDirectory, "packs-written", (_packsWritten++).ToString(CultureInfo.InvariantCulture));
        Directory.CreateDirectory(packFolder);
        // One thread: these packs are small, and a deploy has few cores to share between requests.
        repo.ObjectDatabase.Pack(new PackBuilderOptions(packFolder) { MaximumNumberOfThreads = 1 }, add);
        return Directory.EnumerateFiles(packFolder, "pack-*.pack").Single();
    }

    /// <summary>
    /// The refs: packed-refs as the snapshot left it (when fully peeled, as Saver writes it,
    /// its tags need no lookup), overlaid by the loose refs this workspace wrote, the only
    /// ones whose objects are opened to tell an annotated tag from a commit. Refs are never
    /// deleted here. (Enumerating repo.Refs would open every tag's object on every write.)
    /// </summary>
    private List<PackedRef> ReadRefs(Repository repo)
    {
        var refs = new SortedDictionary<string, PackedRef>(StringComparer.Ordinal);
        var (packedRefs, fullyPeeled) = RepositoryArchive.ParsePackedRefs(File.ReadAllText(Path.Combine(GitDirectory, "packed-refs")));
        foreach (var packed in packedRefs) refs[packed.Name] = fullyPeeled ? packed : Peel(repo, packed.Name, packed.Target);
        var refsFolder = Path.Combine(GitDirectory, "refs");
        foreach (var file in Directory.EnumerateFiles(refsFolder, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".lock", StringComparison.Ordinal)) continue; // libgit2's, mid-update
            var target = File.ReadAllText(file).Trim();
            if (target.Length != 40 || !IsHex(target)) continue;
            var name = "refs/" + Path.GetRelativePath(refsFolder, file).Replace(Path.DirectorySeparatorChar, '/');
            refs[name] = Peel(repo, name, target);
        }
        return [.. refs.Values];
    }

    private static PackedRef Peel(Repository repo, string name, string target) =>
        new(name, target, repo.Lookup(new ObjectId(target)) is TagAnnotation annotation
            ? annotation.Peel<Commit>()?.Sha ?? annotation.Target.Sha
            : null);

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
