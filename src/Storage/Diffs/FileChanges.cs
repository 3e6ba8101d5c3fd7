using LibGit2Sharp;
using Saver.Storage.Diffs.Renames;

namespace Saver.Storage.Diffs;

/// <summary>
/// The files that differ between two trees, as <c>git diff -M</c> lists them: LibGit2Sharp's
/// tree diff finds what was created, deleted or changed, and <see cref="GitRenameDetector"/>
/// pairs deletions with creations as git would (libgit2's own rename detection scores
/// similarity differently from git).
/// </summary>
internal static class FileChanges
{
    /// <summary>The changes in git's order: by path, a rename at its new path.</summary>
    public static IReadOnlyList<FileChange> Between(Repository repository, Tree? was, Tree? now, BlobReader blobs)
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
