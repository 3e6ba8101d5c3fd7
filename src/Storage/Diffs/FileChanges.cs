using LibGit2Sharp;
using Saver.Storage.Diffs.Renames;

namespace Saver.Storage.Diffs;

/// <summary>Whose rename decisions a diff follows.</summary>
internal enum RenameRules
{
    /// <summary>
    /// libgit2's default similarity search (rugged's <c>find_similar!</c> with no options), as
    /// the original saver found renames for diff_lines, diff_summary and each event's diff counts.
    /// </summary>
    LibGit2,

    /// <summary><c>git diff -M</c>'s (the git command line's scores and pairing), for kata_git_diff.</summary>
    GitCommandLine,
}

/// <summary>
/// The files that differ between two trees, in git's order (by path, a rename at its new
/// path), with renames found by <see cref="RenameRules"/>: LibGit2Sharp's own tree diff with
/// libgit2's default rename detection, or its plain tree diff with deletions and creations
/// paired by <see cref="GitRenameDetector"/> as the git command line pairs them (libgit2
/// scores similarity differently from git, and so decides differently near 50%).
/// </summary>
internal static class FileChanges
{
    /// <summary>libgit2's defaults, as rugged's <c>find_similar!</c> passes them (a rename limit of 0 is libgit2's own default).</summary>
    private static readonly SimilarityOptions LibGit2Defaults = new()
    {
        RenameDetectionMode = RenameDetectionMode.Default,
        RenameLimit = 0,
    };

    public static IReadOnlyList<FileChange> Between(Repository repository, Tree? was, Tree? now, BlobReader blobs, RenameRules rules) =>
        rules == RenameRules.LibGit2 ? AsLibGit2Finds(repository, was, now) : AsGitFinds(repository, was, now, blobs);

    private static List<FileChange> AsLibGit2Finds(Repository repository, Tree? was, Tree? now)
    {
        var changes = new List<FileChange>();
        using (var treeChanges = repository.Diff.Compare<TreeChanges>(was, now, new CompareOptions { Similarity = LibGit2Defaults }))
        {
            foreach (var change in treeChanges)
            {
                if (change.Status == ChangeKind.Unmodified) continue;
                changes.Add(change.Status switch
                {
                    ChangeKind.Added => new FileChange(FileDiffType.Created, null, null, change.Path, change.Oid),
                    ChangeKind.Deleted => new FileChange(FileDiffType.Deleted, change.OldPath, change.OldOid, null, null),
                    ChangeKind.Modified or ChangeKind.TypeChanged => new FileChange(FileDiffType.Changed, change.OldPath, change.OldOid, change.Path, change.Oid),
                    ChangeKind.Renamed => new FileChange(FileDiffType.Renamed, change.OldPath, change.OldOid, change.Path, change.Oid),
                    _ => throw new SaverException($"unexpected change {change.Status} of {change.Path} in a tree diff"),
                });
            }
        }
        changes.Sort((x, y) => PathOrder.Instance.Compare(x.Path, y.Path));
        return changes;
    }

    private static List<FileChange> AsGitFinds(Repository repository, Tree? was, Tree? now, BlobReader blobs)
    {
        var changes = new List<FileChange>();
        var sources = new List<RenameCandidate>();
        var destinations = new List<RenameCandidate>();
        using (var treeChanges = repository.Diff.Compare<TreeChanges>(was, now, new CompareOptions { Similarity = SimilarityOptions.None }))
        {
            foreach (var change in treeChanges)
            {
                switch (change.Status)
                {
                    case ChangeKind.Added:
                        var createdId = change.Oid;
                        destinations.Add(new RenameCandidate(change.Path, createdId, () => blobs.Read(createdId)));
                        break;
                    case ChangeKind.Deleted:
                        var deletedId = change.OldOid;
                        sources.Add(new RenameCandidate(change.OldPath, deletedId, () => blobs.Read(deletedId)));
                        break;
                    case ChangeKind.Modified or ChangeKind.TypeChanged:
                        changes.Add(new FileChange(FileDiffType.Changed, change.OldPath, change.OldOid, change.Path, change.Oid));
                        break;
                    case ChangeKind.Unmodified:
                        break;
                    default:
                        throw new SaverException($"unexpected change {change.Status} of {change.Path} in a tree diff");
                }
            }
        }

        // git pairs in path order, and breaks ties by it.
        sources.Sort((x, y) => PathOrder.Instance.Compare(x.Path, y.Path));
        destinations.Sort((x, y) => PathOrder.Instance.Compare(x.Path, y.Path));

        var renamedSources = new HashSet<int>();
        var renamedDestinations = new HashSet<int>();
        foreach (var (source, destination, score) in GitRenameDetector.Pair(sources, destinations))
        {
            changes.Add(new FileChange(FileDiffType.Renamed, sources[source].Path, sources[source].Id, destinations[destination].Path, destinations[destination].Id, score));
            renamedSources.Add(source);
            renamedDestinations.Add(destination);
        }
        changes.AddRange(sources.Where((_, i) => !renamedSources.Contains(i))
            .Select(source => new FileChange(FileDiffType.Deleted, source.Path, source.Id, null, null)));
        changes.AddRange(destinations.Where((_, i) => !renamedDestinations.Contains(i))
            .Select(destination => new FileChange(FileDiffType.Created, null, null, destination.Path, destination.Id)));

        changes.Sort((x, y) => PathOrder.Instance.Compare(x.Path, y.Path));
        return changes;
    }
}
