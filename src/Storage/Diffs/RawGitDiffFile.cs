using System.Globalization;
using System.Text;
using Saver.Storage.Native;
using Saver.Storage.Diffs.Renames;

namespace Saver.Storage.Diffs;

/// <summary>
/// One file's section of <c>git diff --ignore-space-at-eol -M</c> with whole-file context
/// (builtin_diff and fill_metainfo in diff.c, git 2.39): the "diff --git" line, the
/// new/deleted file mode or the similarity and rename lines, the index line, then either the
/// "---"/"+++" lines and one hunk, or "Binary files … differ". Every file is mode 100644, as
/// Saver writes them.
/// </summary>
internal static class RawGitDiffFile
{
    private const string Mode = "100644";
    private const string DevNull = "/dev/null";

    /// <summary>Writes <paramref name="change"/>'s section; false when git prints none (only end-of-line whitespace changed).</summary>
    public static bool Write(Stream output, FileChange change, BlobReader blobs, ObjectAbbreviation abbreviation)
    {
        var oldPath = change.OldPath ?? change.NewPath!;
        var newPath = change.NewPath ?? change.OldPath!;
        var oldLabel = change.Type == FileDiffType.Created ? DevNull : GitQuotedPath.Quote("a/", oldPath);
        var newLabel = change.Type == FileDiffType.Deleted ? DevNull : GitQuotedPath.Quote("b/", newPath);

        var header = new StringBuilder()
            .Append("diff --git ").Append(GitQuotedPath.Quote("a/", oldPath)).Append(' ').Append(GitQuotedPath.Quote("b/", newPath)).Append('\n');
        switch (change.Type)
        {
            case FileDiffType.Created:
                header.Append("new file mode ").Append(Mode).Append('\n');
                break;
            case FileDiffType.Deleted:
                header.Append("deleted file mode ").Append(Mode).Append('\n');
                break;
            case FileDiffType.Renamed:
                header.Append(CultureInfo.InvariantCulture, $"similarity index {change.Score * 100 / GitSimilarity.MaxScore}%\n")
                    .Append("rename from ").Append(GitQuotedPath.Quote(oldPath)).Append('\n')
                    .Append("rename to ").Append(GitQuotedPath.Quote(newPath)).Append('\n');
                break;
        }
        // A creation, deletion or rename is shown even without a hunk; a plain change only with one.
        var mustShowHeader = change.Type != FileDiffType.Changed;

        if (change.OldId == change.NewId)
        {
            // An identical rename: no index line, nothing to compare.
            Write(output, header.ToString());
            return true;
        }
        header.Append("index ").Append(abbreviation.Abbreviate(change.OldId)).Append("..").Append(abbreviation.Abbreviate(change.NewId));
        // A side that is missing has mode 0, and git prints the mode only when both sides agree.
        if (change.Type is FileDiffType.Changed or FileDiffType.Renamed) header.Append(' ').Append(Mode);
        header.Append('\n');

        var hunks = new UnifiedHunkWriter();
        BufferDiff.Run(Read(blobs, change.OldId), Read(blobs, change.NewId), BufferDiff.FullContext, hunks);
        if (hunks.IsBinary)
        {
            Write(output, header.Append("Binary files ").Append(oldLabel).Append(" and ").Append(newLabel).Append(" differ\n").ToString());
            return true;
        }
        if (!hunks.HasHunks)
        {
            if (mustShowHeader) Write(output, header.ToString());
            return mustShowHeader;
        }
        // git ends a "---"/"+++" name holding a space with a tab, for the sake of GNU patch.
        header.Append("--- ").Append(oldLabel).Append(oldLabel.Contains(' ') ? "\t" : "").Append('\n')
            .Append("+++ ").Append(newLabel).Append(newLabel.Contains(' ') ? "\t" : "").Append('\n');
        Write(output, header.ToString());
        hunks.CopyTo(output);
        return true;
    }

    private static byte[] Read(BlobReader blobs, LibGit2Sharp.ObjectId? id) => id is null ? [] : blobs.Read(id);

    private static void Write(Stream output, string text) => output.Write(Encoding.UTF8.GetBytes(text));
}
