using LibGit2Sharp;
using Saver.Storage.Json;

namespace Saver.Storage.Diffs;

/// <summary>
/// The raw diff of two sets of files, byte for byte what
/// <c>git -c core.quotePath=false diff --ignore-space-at-eol --find-renames --unified=N</c>
/// prints for two trees, with N at least the longest file's line count (whole-file context:
/// one hunk per file), and the files that diff leaves out as unchanged.
/// </summary>
/// <remarks>
/// Built from the same parts as <see cref="FilesDiffer"/>: <see cref="FileChanges"/> for which
/// files changed, were created, deleted or renamed (git's pairing and similarity), and
/// libgit2's line diff with git's options for the hunks. Paths are relative to the trees given.
/// </remarks>
public sealed class RawGitDiffer : IDisposable
{
    private readonly ScratchRepository _scratch;

    /// <param name="scratchParentFolder">Where the scratch repository for file sets outside git is made, on first use.</param>
    public RawGitDiffer(string scratchParentFolder)
    {
        _scratch = new ScratchRepository(scratchParentFolder);
    }

    /// <summary>
    /// Compares two trees of <paramref name="repository"/> (null means no files); ids on index
    /// lines are abbreviated as git abbreviates them in that repository.
    /// </summary>
    public static RawGitDiff Compare(Repository repository, Tree? was, Tree? now)
    {
        ArgumentNullException.ThrowIfNull(repository);
        return Compare(repository, was, now, ObjectAbbreviation.In(repository));
    }

    /// <summary>
    /// Compares two file sets held outside git (path → content), e.g. of older kata formats.
    /// Ids on index lines are as short as git makes them in a repository holding only these
    /// files: 7 hex digits, more only when two of their blobs share the first 7.
    /// </summary>
    public RawGitDiff Compare(IReadOnlyDictionary<string, string> was, IReadOnlyDictionary<string, string> now)
    {
        ArgumentNullException.ThrowIfNull(was);
        ArgumentNullException.ThrowIfNull(now);

        using var repository = _scratch.Open();
        var wasTree = ScratchRepository.WriteTree(repository, was);
        var nowTree = ScratchRepository.WriteTree(repository, now);
        var ids = GitObjects.Files(wasTree).Concat(GitObjects.Files(nowTree)).Select(file => file.Id);
        return Compare(repository, wasTree, nowTree, ObjectAbbreviation.Among(ids));
    }

    /// <summary>Deletes the scratch repository, if one was made.</summary>
    public void Dispose() => _scratch.Dispose();

    private static RawGitDiff Compare(Repository repository, Tree? was, Tree? now, ObjectAbbreviation abbreviation)
    {
        var blobs = new BlobReader(repository);
        using var text = new MemoryStream();
        var mentioned = new HashSet<string>(StringComparer.Ordinal);
        foreach (var change in FileChanges.Between(repository, was, now, blobs, RenameRules.GitCommandLine))
        {
            if (RawGitDiffFile.Write(text, change, blobs, abbreviation) && change.NewPath is not null)
                mentioned.Add(change.NewPath);
        }

        var wasPaths = GitObjects.Files(was).Select(file => file.Path).ToHashSet(StringComparer.Ordinal);
        var unchanged = GitObjects.Files(now)
            .Select(file => file.Path)
            .Where(path => wasPaths.Contains(path) && !mentioned.Contains(path))
            .Order(PathOrder.Instance)
            .ToList();
        return new RawGitDiff(Utf8Text.Decode(text.GetBuffer().AsSpan(0, (int)text.Length)), unchanged);
    }
}
