using System.Buffers.Binary;

namespace Saver.Storage.Git;

/// <summary>
/// A pack in a blob of its own: <c>"SPK1" u32:idx-length idx pack</c>. The index travels with
/// the pack so a reader writes both files and uses them at once, without indexing the pack
/// again. Named by the pack's checksum, so the same pack is the same blob.
/// </summary>
public static class PackBlob
{
    private static ReadOnlySpan<byte> Magic => "SPK1"u8;

    public static byte[] Encode(ReadOnlySpan<byte> idx, ReadOnlySpan<byte> pack)
    {
        var blob = new byte[HeaderLength + idx.Length + pack.Length];
        WriteHeader(blob, idx.Length);
        idx.CopyTo(blob.AsSpan(HeaderLength));
        pack.CopyTo(blob.AsSpan(HeaderLength + idx.Length));
        return blob;
    }

    /// <summary>The bytes before the index: the magic and the index's length.</summary>
    public const int HeaderLength = 8;

    /// <summary>Writes the header of a pack blob whose index is <paramref name="idxLength"/> bytes (the index and the pack follow it).</summary>
    public static void WriteHeader(Span<byte> blob, int idxLength)
    {
        Magic.CopyTo(blob);
        BinaryPrimitives.WriteUInt32BigEndian(blob[4..], (uint)idxLength);
    }

    /// <summary>Writes the pack and its index into <paramref name="packFolder"/> as <c>pack-&lt;checksum&gt;.{pack,idx}</c>; returns the .pack path.</summary>
    /// <exception cref="InvalidDataException">The bytes are not a pack blob.</exception>
    public static string Extract(ReadOnlySpan<byte> blob, string packFolder)
    {
        if (blob.Length < 8 || !blob.StartsWith(Magic)) throw new InvalidDataException("not a pack blob");
        var idxLength = (int)BinaryPrimitives.ReadUInt32BigEndian(blob[4..]);
        if (blob.Length < 8 + idxLength + 32) throw new InvalidDataException("a pack blob is cut short");
        var idx = blob.Slice(8, idxLength);
        var pack = blob[(8 + idxLength)..];
        if (!pack.StartsWith("PACK"u8)) throw new InvalidDataException("a pack blob holds no pack");
        var checksum = Convert.ToHexStringLower(pack[^20..]);
        var path = Path.Combine(packFolder, $"pack-{checksum}.pack");
        Directory.CreateDirectory(packFolder);
        // The index last: git and libgit2 take a pack to exist once its .idx does.
        WriteAtomically(path, pack);
        WriteAtomically(Path.ChangeExtension(path, ".idx"), idx);
        return path;
    }

    /// <summary>The checksum (trailer) of the pack at <paramref name="packPath"/>, in hex: its name.</summary>
    public static string Checksum(string packPath)
    {
        using var file = File.OpenHandle(packPath);
        Span<byte> trailer = stackalloc byte[20];
        RandomAccess.Read(file, trailer, RandomAccess.GetLength(file) - 20);
        return Convert.ToHexStringLower(trailer);
    }

    private static void WriteAtomically(string path, ReadOnlySpan<byte> bytes)
    {
        if (File.Exists(path)) return; // named by content: the same file
        var temp = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        using (var file = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write)) RandomAccess.Write(file, bytes, 0);
        File.Move(temp, path, overwrite: true);
    }
}
