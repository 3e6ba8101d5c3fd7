using LibGit2Sharp;

namespace Saver.Storage.Diffs;

/// <summary>
/// diff_lines / diff_summary (saver API §3.7): compares two sets of files the way
/// <c>git diff --ignore-space-at-eol -M --unified=&lt;all&gt;</c> does, then lists the files
/// git does not mention as unchanged.
/// </summary>
/// <remarks>
/// Order: the created, deleted, renamed and changed entries in git's path order, where an
/// entry's path is its new filename (its old one when deleted), which is where
/// <c>git diff -M</c> prints a rename; then the unchanged files in path order. Path order is
/// byte-wise over UTF-8 (see <see cref="PathOrder"/>).
/// Thread-safe: every call works through its own repository handle.
/// </remarks>
public sealed class FilesDiffer : IDisposable
{
    private readonly ScratchRepository _scratch;

    /// <summary>A differ whose scratch repository (for file sets not in git) goes in the system temp folder.</summary>
    public FilesDiffer()
        : this(Path.GetTempPath())
    {
    }

    /// <param name="scratchParentFolder">Where the scratch repository's folder is made, on first use.</param>
    public FilesDiffer(string scratchParentFolder)
    {
        _scratch = new ScratchRepository(scratchParentFolder);
    }

    /// <summary>Compares two files/ trees of <paramref name="repository"/>; null means no files.</summary>
    public IReadOnlyList<FileDiff> Compare(Repository repository, Tree? wasFiles, Tree? nowFiles)
    {
        ArgumentNullException.ThrowIfNull(repository);

        var changed = new List<FileDiff>();
        using (var changes = repository.Diff.Compare<TreeChanges>(wasFiles, nowFiles, RenameDetection.CompareOptions()))
        {
            foreach (var change in changes)
            {
                if (change.Status != ChangeKind.Unmodified) changed.Add(Describe(repository, change));
            }
        }
        changed.Sort((x, y) => PathOrder.Instance.Compare(x.Path, y.Path));

        var mentioned = changed.Select(diff => diff.NewFilename).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var unchanged = GitObjects.Files(nowFiles)
            .Where(file => !mentioned.Contains(file.Path))
            .OrderBy(file => file.Path, PathOrder.Instance)
            .Select(file => FileDiffFactory.AllSame(FileDiffType.Unchanged, file.Path, file.Path, Text(repository, file.Id)));

        return [.. changed, .. unchanged];
    }

    /// <summary>
    /// Compares two file sets held outside git (path → content), e.g. from older kata formats,
    /// by writing them as trees into the scratch repository.
    /// </summary>
    public IReadOnlyList<FileDiff> Compare(IReadOnlyDictionary<string, string> was, IReadOnlyDictionary<string, string> now)
    {
        ArgumentNullException.ThrowIfNull(was);
        ArgumentNullException.ThrowIfNull(now);

        using var repository = _scratch.Open();
        return Compare(repository, ScratchRepository.WriteTree(repository, was), ScratchRepository.WriteTree(repository, now));
    }

    /// <summary>Deletes the scratch repository, if one was made.</summary>
    public void Dispose() => _scratch.Dispose();

    private static FileDiff Describe(Repository repository, TreeEntryChanges change)
    {
        switch (change.Status)
        {
            case ChangeKind.Added:
                return FileDiffFactory.FromLineDiff(FileDiffType.Created, null, change.Path,
                    GitLineDiff.Compare([], GitObjects.ReadBlob(repository, change.Oid)));

            case ChangeKind.Deleted:
                return FileDiffFactory.FromLineDiff(FileDiffType.Deleted, change.OldPath, null,
                    GitLineDiff.Compare(GitObjects.ReadBlob(repository, change.OldOid), []));

            case ChangeKind.Renamed:
                // git prints no hunk for a rename without line changes; the original saver
                // then listed the whole (new) file as same, and so does this.
                var renamed = change.OldOid == change.Oid ? null : Diff(repository, change);
                return renamed is { Lines.Count: > 0 }
                    ? FileDiffFactory.FromLineDiff(FileDiffType.Renamed, change.OldPath, change.Path, renamed)
                    : FileDiffFactory.AllSame(FileDiffType.Renamed, change.OldPath, change.Path, Text(repository, change.Oid));

            case ChangeKind.Modified:
            case ChangeKind.TypeChanged:
                // A change only in end-of-line whitespace has no hunk: changed, 0/0/0, no lines.
                var modified = change.OldOid == change.Oid ? new LineDiff(false, []) : Diff(repository, change);
                return FileDiffFactory.FromLineDiff(FileDiffType.Changed, change.OldPath, change.Path, modified);

            default:
                throw new SaverException($"unexpected change {change.Status} of {change.Path} in a tree diff");
        }
    }

    private static LineDiff Diff(Repository repository, TreeEntryChanges change) =>
        GitLineDiff.Compare(GitObjects.ReadBlob(repository, change.OldOid), GitObjects.ReadBlob(repository, change.Oid));

    private static string Text(Repository repository, ObjectId id) =>
        LineText.Utf8.GetString(GitObjects.ReadBlob(repository, id));
}
