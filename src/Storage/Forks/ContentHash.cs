using System.Diagnostics.CodeAnalysis;

namespace Saver.Storage.Forks;

/// <summary>
/// What a kata's files at one event are, as one value that is equal exactly when the file
/// sets are: the git tree id (40 lowercase hex digits) of the files as a format-2 kata stores
/// them under <c>files/</c>, each file a blob of its content's UTF-8 bytes with mode 100644.
/// A format-2 kata has it for free (the id of its files/ tree at that tag); any other file set
/// gets it from <see cref="GitTreeHash"/>. No files at all is git's empty tree.
/// </summary>
public readonly record struct ContentHash
{
    public const int Length = 40;

    /// <summary>The id git gives a tree with no entries.</summary>
    public static ContentHash EmptyTree { get; } = new("4b825dc642cb6eb9a060e54bf8d69288fbee4904");

    private ContentHash(string value) => Value = value;

    public string Value { get; }

    public override string ToString() => Value;

    /// <summary>The hash of a file set (path → content), as format 2 would store it.</summary>
    public static ContentHash Of(IReadOnlyDictionary<string, string> files) => new(GitTreeHash.Of(files));

    /// <summary>The hash of a format-2 files/ tree from its git id; null (no files/ tree) is the empty tree.</summary>
    public static ContentHash FromTreeId(string? treeSha) => treeSha is null ? EmptyTree : Parse(treeSha);

    public static bool TryParse([NotNullWhen(true)] string? text, out ContentHash hash)
    {
        var valid = text is { Length: Length } && text.All(char.IsAsciiHexDigitLower);
        hash = valid ? new ContentHash(text!) : default;
        return valid;
    }

    public static ContentHash Parse(string text) =>
        TryParse(text, out var hash) ? hash : throw new ArgumentException($"not a content hash: {text}", nameof(text));
}
