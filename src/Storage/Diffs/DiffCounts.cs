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
    /// (null = no files). Runs on every saved event, so it stays lean: unchanged paths are
    /// never read, no line is kept, a creation or deletion only counts newlines, and only an
    /// event that both deletes and creates files reads them to look for renames.
    /// </summary>
    public static (int Added, int Deleted) Count(Repository repository, Tree? wasFiles, Tree? nowFiles)
    {
        ArgumentNullException.ThrowIfNull(repository);

        var blobs = new BlobReader(repository);
        int added = 0, deleted = 0;
        foreach (var change in FileChanges.Between(repository, wasFiles, nowFiles, blobs, RenameRules.LibGit2))
        {
            switch (change.Type)
            {
                case FileDiffType.Created:
                    added += GitLineCount.Of(blobs.Read(change.NewId!));
                    break;
                case FileDiffType.Deleted:
                    deleted += GitLineCount.Of(blobs.Read(change.OldId!));
                    break;
                default:
                    if (change.OldId == change.NewId) break;
                    var (fileAdded, fileDeleted) = GitLineDiff.CountChanges(blobs.Read(change.OldId!), blobs.Read(change.NewId!));
                    added += fileAdded;
                    deleted += fileDeleted;
                    break;
            }
        }
        return (added, deleted);
    }
}
