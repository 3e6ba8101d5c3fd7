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
/// The repository is read from a private copy of its <c>.git</c> folder, never in place:
/// libgit2 refuses to open a repository another user owns (as files extracted by root from
/// the original's archives are, uid 19663), and turning that check off would be a
/// process-wide switch. The copy also leaves out hooks, the index, logs and
/// <c>objects/info</c> (whose <c>alternates</c> could point anywhere).
/// </remarks>
public sealed class Format2KataConverter(string workFolder)
{
    // Seal packs everything reachable into one pack once the snapshot holds this many packs;
    // a new repository holds none, so 0 means "always".
    private const int RepackEverything = 0;

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
            CopyGitFolder(gitFolder, source);
            var (head, tags, manifest) = ReadRepository(id, source);
            using var workspace = RepositoryWorkspace.CreateEmpty(workFolder, KataGit.UserFor(id));
            File.WriteAllText(Path.Combine(workspace.GitDirectory, "objects", "info", "alternates"),
                Path.Combine(source, "objects") + "\n");
            using (var repo = workspace.Open())
            {
                repo.Refs.Add(KataGit.MainBranch, head);
                foreach (var (name, target) in tags) repo.Refs.Add(name, target);
            }
            File.WriteAllBytes(archiveFile, RepositoryArchive.Write(workspace.Seal(RepackEverything)));
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

    /// <summary>Copies what libgit2 needs to read the repository: HEAD, refs and objects (without objects/info).</summary>
    private static void CopyGitFolder(string gitFolder, string target)
    {
        var head = Path.Combine(gitFolder, "HEAD");
        if (!File.Exists(head)) throw new ImportException($"{gitFolder} is not a git folder: it has no HEAD");
        Directory.CreateDirectory(Path.Combine(target, "refs"));
        Directory.CreateDirectory(Path.Combine(target, "objects"));
        CopyFile(head, Path.Combine(target, "HEAD"));
        var packedRefs = Path.Combine(gitFolder, "packed-refs");
        if (File.Exists(packedRefs)) CopyFile(packedRefs, Path.Combine(target, "packed-refs"));
        CopyTree(Path.Combine(gitFolder, "refs"), Path.Combine(target, "refs"), skip: null);
        CopyTree(Path.Combine(gitFolder, "objects"), Path.Combine(target, "objects"), skip: "info");
        File.WriteAllText(Path.Combine(target, "config"), BareConfig);
    }

    private static void CopyTree(string from, string to, string? skip)
    {
        if (!Directory.Exists(from)) return;
        LinkGuard.Refuse(new DirectoryInfo(from));
        foreach (var entry in new DirectoryInfo(from).EnumerateFileSystemInfos())
        {
            LinkGuard.Refuse(entry);
            if (entry.Name == skip) continue;
            var target = Path.Combine(to, entry.Name);
            if (entry is DirectoryInfo folder)
            {
                Directory.CreateDirectory(target);
                CopyTree(folder.FullName, target, skip: null);
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
