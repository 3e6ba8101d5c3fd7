using LibGit2Sharp;

namespace Saver.Storage.Diffs.Renames;

/// <summary>
/// A deleted file (a rename source) or a created one (a rename destination), with its
/// content read and span-hashed only if a similarity estimate needs it.
/// </summary>
internal sealed class RenameCandidate(string path, ObjectId id, Func<byte[]> readContent)
{
    private byte[]? _content;
    private Dictionary<uint, long>? _spans;

    public string Path { get; } = path;

    public ObjectId Id { get; } = id;

    public byte[] Content => _content ??= readContent();

    /// <summary>git's span-hash counts of <see cref="Content"/> (see <see cref="GitSimilarity"/>).</summary>
    public Dictionary<uint, long> Spans => _spans ??= GitSimilarity.HashSpans(Content);

    /// <summary>The part after the last '/'.</summary>
    public string BaseName => Path[(Path.LastIndexOf('/') + 1)..];
}
