using LibGit2Sharp;

namespace Saver.Storage.Diffs;

/// <summary>
/// An event's diff_added_count / diff_deleted_count (saver API §4.3): the totals
/// <c>git diff --shortstat -M --ignore-space-at-eol</c> prints for two files/ trees.
/// </summary>
public static class DiffCounts
{
    /// <summary>
    /// Added and deleted line totals from <paramref name="wasFiles"/> to <paramref name="nowFiles"/>
    /// (null = no files). Runs on every saved event, so it reads only the blobs of changed
    /// paths and keeps no lines: a rename without edits reads nothing, a creation or deletion
    /// only counts newlines.
    /// </summary>
    public static (int Added, int Deleted) Count(Repository repository, Tree? wasFiles, Tree? nowFiles)
    {
        ArgumentNullException.ThrowIfNull(repository);

        int added = 0, deleted = 0;
        using var changes = repository.Diff.Compare<TreeChanges>(wasFiles, nowFiles, RenameDetection.CompareOptions());
        foreach (var change in changes)
        {
            switch (change.Status)
            {
                case ChangeKind.Added:
                    added += GitLineCount.Of(GitObjects.ReadBlob(repository, change.Oid));
                    break;
                case ChangeKind.Deleted:
                    deleted += GitLineCount.Of(GitObjects.ReadBlob(repository, change.OldOid));
                    break;
                case ChangeKind.Renamed or ChangeKind.Modified or ChangeKind.TypeChanged when change.OldOid != change.Oid:
                    var (fileAdded, fileDeleted) = GitLineDiff.CountChanges(
                        GitObjects.ReadBlob(repository, change.OldOid), GitObjects.ReadBlob(repository, change.Oid));
                    added += fileAdded;
                    deleted += fileDeleted;
                    break;
            }
        }
        return (added, deleted);
    }
}
