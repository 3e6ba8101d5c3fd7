using System.Text.Json;
using System.Text.Json.Serialization;
using Saver.Storage.Git.Log;

namespace Saver.Storage.Git;

/// <summary>
/// <c>repository/head</c>: which log is current, and the pack blobs its base names, so a
/// cold reader asks for the log and the packs at once. A hint: the logs are the truth (a
/// reader that finds the named log sealed follows the seal).
/// </summary>
public sealed record HeadPointer(
    [property: JsonPropertyName("log")] string Log,
    [property: JsonPropertyName("packs")] IReadOnlyList<HeadPointer.Pack> Packs)
{
    public sealed record Pack([property: JsonPropertyName("name")] string Name, [property: JsonPropertyName("length")] long Length);

    public static HeadPointer For(string log, IReadOnlyList<PackBlobRef> packs) =>
        new(log, [.. packs.Select(p => new Pack(p.Name, p.Length))]);

    public IReadOnlyList<PackBlobRef> PackBlobs => [.. Packs.Select(p => new PackBlobRef(p.Name, p.Length))];

    public byte[] Encode() => JsonSerializer.SerializeToUtf8Bytes(this);

    /// <summary>
    /// Whether a stored head names <paramref name="log"/> or a later log (the head only moves
    /// forward). Bytes that are not a head pointer reach no log, so a head written over by
    /// mistake counts as behind any and is replaced.
    /// </summary>
    public static bool Reaches(ReadOnlySpan<byte> json, string log)
    {
        int named;
        try
        {
            named = RepositoryLayout.Generation(Decode(json).Log);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            return false;
        }
        return named >= RepositoryLayout.Generation(log);
    }

    /// <exception cref="InvalidDataException">Not a head pointer.</exception>
    public static HeadPointer Decode(ReadOnlySpan<byte> json)
    {
        try
        {
            var head = JsonSerializer.Deserialize<HeadPointer>(json);
            if (head?.Log is not { Length: > 0 } || head.Packs is null) throw new InvalidDataException("repository head names no log");
            return head;
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("repository head is not JSON: " + e.Message, e);
        }
    }
}
