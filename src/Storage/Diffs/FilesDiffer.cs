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
/// Renames are paired by git's own rules and score (see <see cref="FileChanges"/>).
/// The file-set overload may be called from several threads at once: each call opens its
/// own handle on the scratch repository. The tree overload uses the caller's repository,
/// which, like any libgit2 repository object, must not be shared between threads.
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
    public IReadOnlyList<FileDiff> Compare(Repository repository, Tree? wasFiles, Tree? nowFiles) =>
        Compare(repository, wasFiles, nowFiles, unchangedOrder: null);

    /// <param name="unchangedOrder">The order to list unchanged files in (names not in it come last); null: path order.</param>
    private IReadOnlyList<FileDiff> Compare(Repository repository, Tree? wasFiles, Tree? nowFiles, IReadOnlyList<string>? unchangedOrder)
    {
        ArgumentNullException.ThrowIfNull(repository);

        var blobs = new BlobReader(repository);
        var changed = FileChanges.Between(repository, wasFiles, nowFiles, blobs, RenameRules.LibGit2).Select(change => Describe(change, blobs)).ToList();

        var mentioned = changed.Select(diff => diff.NewFilename).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var position = unchangedOrder?.Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i, StringComparer.Ordinal);
        var unchanged = GitObjects.Files(nowFiles)
            .Where(file => !mentioned.Contains(file.Path))
            .OrderBy(file => position is not null && position.TryGetValue(file.Path, out var at) ? at : int.MaxValue)
            .ThenBy(file => file.Path, PathOrder.Instance)
            .Select(file => FileDiffFactory.AllSame(FileDiffType.Unchanged, file.Path, file.Path, Text(blobs.Read(file.Id))));

        return [.. changed, .. unchanged];
    }

    /// <summary>
    /// Compares two file sets held outside git (path → content), e.g. from older kata formats,
    /// by writing them as trees into the scratch repository.
    /// </summary>
    /// <param name="unchangedOrder">The order to list unchanged files in, as the now event holds them; null: path order.</param>
    public IReadOnlyList<FileDiff> Compare(IReadOnlyDictionary<string, string> was, IReadOnlyDictionary<string, string> now,
        IReadOnlyList<string>? unchangedOrder = null)
    {
        ArgumentNullException.ThrowIfNull(was);
        ArgumentNullException.ThrowIfNull(now);

        using var repository = _scratch.Open();
        return Compare(repository, ScratchRepository.WriteTree(repository, was), ScratchRepository.WriteTree(repository, now), unchangedOrder);
    }

    /// <summary>Deletes the scratch repository, if one was made.</summary>
    public void Dispose() => _scratch.Dispose();

    private static FileDiff Describe(FileChange change, BlobReader blobs)
    {
        switch (change.Type)
        {
            case FileDiffType.Created:
                return FileDiffFactory.FromLineDiff(change.Type, null, change.NewPath, GitLineDiff.Compare([], blobs.Read(change.NewId!)));

            case FileDiffType.Deleted:
                return FileDiffFactory.FromLineDiff(change.Type, change.OldPath, null, GitLineDiff.Compare(blobs.Read(change.OldId!), []));

            case FileDiffType.Renamed:
                // git prints no hunk for a rename without line changes; the original saver
                // then listed the whole (new) file as same, and so does this.
                var renamed = change.OldId == change.NewId ? null : LineDiffOf(change, blobs);
                return renamed is { Lines.Count: > 0 }
                    ? FileDiffFactory.FromLineDiff(change.Type, change.OldPath, change.NewPath, renamed)
                    : FileDiffFactory.AllSame(change.Type, change.OldPath!, change.NewPath!, Text(blobs.Read(change.NewId!)));

            default:
                // A change only in end-of-line whitespace has no hunk: changed, 0/0/0, no lines.
                return FileDiffFactory.FromLineDiff(FileDiffType.Changed, change.OldPath, change.NewPath, LineDiffOf(change, blobs));
        }
    }

    private static LineDiff LineDiffOf(FileChange change, BlobReader blobs) =>
        GitLineDiff.Compare(blobs.Read(change.OldId!), blobs.Read(change.NewId!));

    private static string Text(byte[] content) => LineText.Utf8.GetString(content);
}
