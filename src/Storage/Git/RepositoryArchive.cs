using System.Formats.Tar;
using System.Text;
using System.Text.RegularExpressions;
using Saver.Storage.IO;

namespace Saver.Storage.Git;

/// <summary>
/// The format of the one blob that holds a git repository: an uncompressed tar of a bare
/// repository reduced to what git needs (HEAD, config, packed-refs and pack files). Untarred
/// into an empty folder it is a repository that <c>git fsck</c>, <c>git log</c> and
/// <c>git clone</c> accept. Packs are already zlib-compressed, so gzip would only cost CPU.
/// </summary>
/// <remarks>
/// Why one blob: a single put is atomic, so the blob's ETag names one consistent state of
/// the whole repository (every ref and every object they reach) and a reader can never see
/// a half-written event. The price is re-uploading the whole repository per event, which
/// for a kata (tens to hundreds of kilobytes) costs less than the extra round trips of a
/// multi-blob layout would.
/// </remarks>
public static partial class RepositoryArchive
{
    private static readonly DateTimeOffset FixedTime = DateTimeOffset.UnixEpoch;

    private static readonly string[] Folders =
        ["objects/", "objects/info/", "objects/pack/", "refs/", "refs/heads/", "refs/tags/"];

    /// <summary>Writes the image as the archive's bytes.</summary>
    public static byte[] Write(RepositoryImage image)
    {
        using var buffer = new MemoryStream();
        using (var tar = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true))
        {
            foreach (var folder in Folders)
                tar.WriteEntry(new UstarTarEntry(TarEntryType.Directory, folder) { ModificationTime = FixedTime, Mode = DirectoryMode });
            WriteFile(tar, "HEAD", Encoding.UTF8.GetBytes(image.Head));
            WriteFile(tar, "config", image.Config);
            WriteFile(tar, "packed-refs", Encoding.UTF8.GetBytes(PackedRefs(image.Refs)));
            foreach (var pack in image.Packs.OrderBy(p => Path.GetFileName(p), StringComparer.Ordinal))
            {
                var idx = Path.ChangeExtension(pack, ".idx");
                WriteFile(tar, "objects/pack/" + Path.GetFileName(idx), File.ReadAllBytes(idx));
                WriteFile(tar, "objects/pack/" + Path.GetFileName(pack), File.ReadAllBytes(pack));
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// Unpacks an archive into an empty (or new) folder. Anything that is not one of the
    /// members this format writes is refused, so a hostile blob cannot write elsewhere.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not an archive of this format.</exception>
    public static void Extract(ReadOnlyMemory<byte> archive, string folder)
    {
        Directory.CreateDirectory(folder);
        foreach (var sub in Folders) Directory.CreateDirectory(Path.Combine(folder, sub));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            using var stream = MemoryStreams.ReadOnly(archive);
            using var tar = new TarReader(stream);
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.EntryType == TarEntryType.Directory)
                {
                    if (!Folders.Contains(entry.Name)) throw new InvalidDataException($"unexpected folder {entry.Name}");
                    continue;
                }
                if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
                    throw new InvalidDataException($"unexpected member type {entry.EntryType} of {entry.Name}");
                if (!IsMemberName(entry.Name) || !seen.Add(entry.Name))
                    throw new InvalidDataException($"unexpected member {entry.Name}");
                var target = Path.Combine(folder, entry.Name);
                using var output = File.Create(target);
                entry.DataStream?.CopyTo(output);
            }
        }
        catch (Exception e) when (e is not InvalidDataException)
        {
            throw new InvalidDataException("not a repository archive: " + e.Message, e);
        }
        if (!seen.Contains("HEAD") || !seen.Contains("config") || !seen.Contains("packed-refs"))
            throw new InvalidDataException("not a repository archive: HEAD, config or packed-refs missing");
    }

    private static bool IsMemberName(string name) =>
        name is "HEAD" or "config" or "packed-refs" || PackFileName().IsMatch(name);

    private const UnixFileMode FileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    private const UnixFileMode DirectoryMode = FileMode |
        UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;

    private static void WriteFile(TarWriter tar, string name, byte[] content)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
        {
            ModificationTime = FixedTime,
            Mode = FileMode,
            DataStream = new MemoryStream(content, writable: false),
        };
        tar.WriteEntry(entry);
    }

    /// <summary>
    /// packed-refs text, sorted as git requires. "fully-peeled" promises that every
    /// annotated tag has its ^peeled line, so git need not open tag objects to find out.
    /// </summary>
    internal static string PackedRefs(IEnumerable<PackedRef> refs)
    {
        var text = new StringBuilder("# pack-refs with: peeled fully-peeled sorted \n");
        foreach (var r in refs.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            text.Append(r.Target).Append(' ').Append(r.Name).Append('\n');
            if (r.Peeled is { } peeled) text.Append('^').Append(peeled).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>
    /// The refs packed-refs text records, and whether it says it is fully peeled (every
    /// annotated tag followed by its ^peeled line), as <see cref="PackedRefs"/> writes it.
    /// </summary>
    internal static (List<PackedRef> Refs, bool FullyPeeled) ParsePackedRefs(string text)
    {
        var refs = new List<PackedRef>();
        var fullyPeeled = false;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#')) fullyPeeled |= line.Contains(" fully-peeled", StringComparison.Ordinal);
            else if (line.StartsWith('^') && refs.Count > 0) refs[^1] = refs[^1] with { Peeled = line[1..].Trim() };
            else if (line.Split(' ', 2) is [var target, var name]) refs.Add(new PackedRef(name.Trim(), target));
        }
        return (refs, fullyPeeled);
    }

    [GeneratedRegex("^objects/pack/pack-[0-9a-f]{40}\\.(pack|idx)$")]
    private static partial Regex PackFileName();
}

/// <summary>What an archive holds: HEAD's text, the config file, the refs and the pack files (paths of the .pack files; each .idx sits beside its .pack).</summary>
public sealed record RepositoryImage(string Head, byte[] Config, IReadOnlyList<PackedRef> Refs, IReadOnlyList<string> Packs);

/// <summary>A ref as packed-refs records it; Peeled is the commit an annotated tag points at.</summary>
public sealed record PackedRef(string Name, string Target, string? Peeled = null);
