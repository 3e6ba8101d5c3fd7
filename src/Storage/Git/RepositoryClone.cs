using LibGit2Sharp;

namespace Saver.Storage.Git;

/// <summary>
/// A working copy of a repository snapshot, as <c>git clone</c> followed by
/// <c>git remote remove origin</c> leaves one: every object, branch and tag, HEAD's branch
/// checked out into the working tree and the index, and no remote. It is made in-process by
/// copying the snapshot's objects and refs, so nothing is fetched and nothing refers back to
/// the snapshot.
/// </summary>
public static class RepositoryClone
{
    private const string WorkingConfig =
        "[core]\n\trepositoryformatversion = 0\n\tfilemode = true\n\tbare = false\n\tlogallrefupdates = true\n";

    /// <summary>Makes the copy in <paramref name="folder"/>, which must be empty or absent.</summary>
    /// <param name="user">The author the copy's config names, as the original's repositories do; null for none.</param>
    public static void Write(RepositorySnapshot snapshot, string folder, GitUser? user)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        if (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any())
            throw new IOException($"{folder} is not empty");

        var gitDirectory = Path.Combine(folder, ".git");
        CopyObjects(Path.Combine(snapshot.GitDirectory, "objects"), Path.Combine(gitDirectory, "objects"));
        // And those held in memory, as loose objects.
        using (var objects = GitObjectStore.Open(gitDirectory))
            foreach (var (_, raw) in snapshot.Folder.Overlay.All) objects.Write(raw.Kind, raw.Data.ToArray());
        foreach (var sub in new[] { "refs/heads", "refs/tags", "info" })
            Directory.CreateDirectory(Path.Combine(gitDirectory, sub));
        File.WriteAllText(Path.Combine(gitDirectory, "HEAD"), "ref: " + RepositoryRefs.MainBranch + "\n");
        File.WriteAllText(Path.Combine(gitDirectory, "packed-refs"), PackedRefs(snapshot));
        // Written whole, as text: its content is fixed, so one write replaces a round of config calls.
        File.WriteAllText(Path.Combine(gitDirectory, "config"), WorkingConfig + user?.ConfigSection());

        using var repo = new Repository(folder);
        // A checkout of the tree, not a reset or a branch switch: HEAD already names the
        // branch, and this writes the files and the index without adding reflog entries.
        if (repo.Head.Tip is { } head)
            repo.Checkout(head.Tree, null, new CheckoutOptions { CheckoutModifiers = CheckoutModifiers.Force });
    }

    /// <summary>The snapshot's refs as packed-refs, each annotated tag with the commit it peels to.</summary>
    private static string PackedRefs(RepositorySnapshot snapshot)
    {
        using var repo = snapshot.Open();
        return RepositoryArchive.PackedRefs(snapshot.Refs.All.Select(r =>
            new PackedRef(r.Name, r.Target.Sha, repo.Lookup(r.Target) is TagAnnotation tag ? tag.Peel<Commit>()?.Sha : null)));
    }

    /// <summary>Copies the object store, except an alternates file, which would tie the copy to this machine.</summary>
    private static void CopyObjects(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative == Path.Combine("info", "alternates")) continue;
            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        foreach (var folder in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, folder)));
    }
}
