using LibGit2Sharp;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.Katas;

namespace Saver.Storage.Import;

/// <summary>
/// Turns the git repository of a format-2 kata as the original keeps it (a working tree with
/// <c>.git</c>) into the blob Saver keeps (<see cref="RepositoryArchive"/>): HEAD on
/// <c>refs/heads/main</c>, a config naming the kata as its user, packed-refs with main and
/// every tag, and every reachable object in one pack. The objects are copied unchanged, so
/// every commit keeps its id.
/// </summary>
/// <remarks>
/// The repository is never opened in place: libgit2 refuses to open a repository another user
/// owns (as files extracted by root from the original's archives are, uid 19663), and turning
/// that check off would be a process-wide switch. Instead a private repository gets a copy of
/// the original's HEAD and refs and reads its objects where they are (see <see cref="CopyRefs"/>).
/// </remarks>
public sealed class Format2KataConverter(string workFolder)
{
    private const string BareConfig = "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = true\n";

    /// <summary>
    /// Writes the repository archive of kata <paramref name="id"/> to <paramref name="archiveFile"/>;
    /// returns the manifest.json of the commit at HEAD (null if it has none), for a kata whose
    /// working tree lost its copy.
    /// </summary>
    /// <param name="gitFolder">The kata's <c>.git</c> folder.</param>
    /// <exception cref="ImportException">The folder is not a complete repository with a commit at HEAD.</exception>
    public byte[]? Convert(EntityId id, string gitFolder, string archiveFile)
    {
        var source = Path.Combine(workFolder, "git-" + Guid.NewGuid().ToString("N"));
        try
        {
            CopyRefs(gitFolder, source);
            var (head, tags, manifest) = ReadRepository(id, source);
            File.WriteAllBytes(archiveFile, RepositoryArchive.Write(OnePackImage(id, source, head, tags)));
            return manifest;
        }
        catch (LibGit2SharpException e)
        {
            throw new ImportException($"kata {id}: its repository {gitFolder} is not complete: {e.Message}", e);
        }
        finally
        {
            DeleteFolder(source);
        }
    }

    /// <summary>
    /// Main and every tag, with everything they reach packed into one pack (read from the
    /// original's objects through <paramref name="source"/>), as the single blob holds them.
    /// </summary>
    private RepositoryImage OnePackImage(EntityId id, string source, ObjectId head, List<(string Name, ObjectId Target)> tags)
    {
        var packFolder = Path.Combine(source, "packed");
        Directory.CreateDirectory(packFolder);
        using var repo = new Repository(source);
        var refs = new List<PackedRef> { new(KataGit.MainBranch, head.Sha) };
        var tips = new List<ObjectId> { head };
        foreach (var (name, target) in tags)
        {
            var peeled = repo.Lookup(target) is TagAnnotation annotation ? annotation.Peel<Commit>()?.Id ?? annotation.Target.Id : null;
            refs.Add(new PackedRef(name, target.Sha, peeled?.Sha));
            tips.Add(peeled ?? target);
        }
        repo.ObjectDatabase.Pack(new PackBuilderOptions(packFolder) { MaximumNumberOfThreads = 1 }, builder =>
        {
            foreach (var commit in repo.Commits.QueryBy(new CommitFilter { IncludeReachableFrom = tips.Distinct().ToList(), SortBy = CommitSortStrategies.None }))
                builder.AddRecursively(commit);
            foreach (var (_, target) in tags) builder.Add(target);
        });
        var pack = Directory.EnumerateFiles(packFolder, "pack-*.pack").Single();
        var config = System.Text.Encoding.UTF8.GetBytes(BareConfig + KataGit.UserFor(id).ConfigSection());
        return new RepositoryImage("ref: refs/heads/main\n", config, refs, [pack]);
    }

    private static (ObjectId Head, List<(string Name, ObjectId Target)> Tags, byte[]? Manifest) ReadRepository(EntityId id, string gitDirectory)
    {
        using var repo = new Repository(gitDirectory);
        var head = repo.Head.Tip ?? throw new ImportException($"kata {id}: its repository has no commit at HEAD");
        var tags = new List<(string, ObjectId)>();
        foreach (var reference in repo.Refs)
        {
            if (!reference.CanonicalName.StartsWith("refs/tags/", StringComparison.Ordinal)) continue;
            var direct = reference.ResolveToDirectReference()
                ?? throw new ImportException($"kata {id}: its tag {reference.CanonicalName} leads nowhere");
            tags.Add((reference.CanonicalName, new ObjectId(direct.TargetIdentifier)));
        }
        return (head.Id, tags, head.Tree[KataTree.Manifest]?.Target is Blob manifest ? ReadBlob(manifest) : null);
    }

    private static byte[] ReadBlob(Blob blob)
    {
        using var content = blob.GetContentStream();
        using var buffer = new MemoryStream();
        content.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// Makes <paramref name="target"/> a repository of our own with the original's HEAD and refs
    /// (a few small files, copied) whose objects are the original's, read in place through
    /// <c>objects/info/alternates</c> (libgit2 checks the owner of a repository, not of its
    /// alternates). Copying every object would cost far more disk work for nothing.
    /// </summary>
    private static void CopyRefs(string gitFolder, string target)
    {
        var head = Path.Combine(gitFolder, "HEAD");
        var objects = Path.GetFullPath(Path.Combine(gitFolder, "objects"));
        if (!File.Exists(head) || !Directory.Exists(objects))
            throw new ImportException($"{gitFolder} is not a git folder: it has no HEAD or no objects folder");
        if (objects.Contains('\n'))
            throw new ImportException($"{gitFolder}: a path with a line break cannot be an alternates entry");
        // The original never borrows objects; a repository that does could make us read any folder.
        if (File.Exists(Path.Combine(objects, "info", "alternates")))
            throw new ImportException($"{gitFolder} borrows objects from elsewhere (objects/info/alternates); only self-contained repositories are imported");
        RefuseLinksUnder(objects);

        Directory.CreateDirectory(Path.Combine(target, "refs"));
        Directory.CreateDirectory(Path.Combine(target, "objects", "info"));
        CopyFile(head, Path.Combine(target, "HEAD"));
        var packedRefs = Path.Combine(gitFolder, "packed-refs");
        if (File.Exists(packedRefs)) CopyFile(packedRefs, Path.Combine(target, "packed-refs"));
        CopyTree(Path.Combine(gitFolder, "refs"), Path.Combine(target, "refs"));
        File.WriteAllText(Path.Combine(target, "config"), BareConfig);
        File.WriteAllText(Path.Combine(target, "objects", "info", "alternates"), objects + "\n");
    }

    private static void RefuseLinksUnder(string folder)
    {
        var root = new DirectoryInfo(folder);
        LinkGuard.Refuse(root);
        foreach (var entry in root.EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            LinkGuard.Refuse(entry);
    }

    private static void CopyTree(string from, string to)
    {
        if (!Directory.Exists(from)) return;
        LinkGuard.Refuse(new DirectoryInfo(from));
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            LinkGuard.Refuse(entry);
            var target = Path.Combine(to, entry.Name);
            if (entry is DirectoryInfo folder)
            {
                Directory.CreateDirectory(target);
                CopyTree(folder.FullName, target);
            }
            else
            {
                CopyFile(entry.FullName, target);
            }
        }
    }

    private static void CopyFile(string from, string to)
    {
        LinkGuard.Refuse(new FileInfo(from));
        File.Copy(from, to);
    }

    private static void DeleteFolder(string folder)
    {
        try { Directory.Delete(folder, recursive: true); }
        catch (DirectoryNotFoundException) { }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
