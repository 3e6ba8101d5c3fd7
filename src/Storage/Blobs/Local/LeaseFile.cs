using System.Text.Json;
using System.Text.Json.Serialization;
using Saver.Storage.Blobs.Rules;

namespace Saver.Storage.Blobs.Local;

/// <summary>
/// A blob's lease on disk: a small JSON file, replaced whole by a rename (never edited in
/// place) so a reader always sees one complete lease. No file means no lease (Available).
/// Only read or changed under the blob's lock, except by readers of properties, who just
/// report it.
/// </summary>
internal static class LeaseFile
{
    public static StoredLease? Read(string path)
    {
        // Most blobs have never been leased: ask first, as an exception per read costs more than the read.
        if (!File.Exists(path)) return null;
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
        var stored = JsonSerializer.Deserialize<Stored>(json) ?? throw new InvalidDataException($"{path} holds no lease");
        return new StoredLease(stored.Id, stored.Phase, TimeSpan.FromMilliseconds(stored.DurationMs), DateTimeOffset.FromUnixTimeMilliseconds(stored.UntilUnixMs));
    }

    /// <summary>Replaces the lease file atomically; <paramref name="tempPath"/> must be on the same file system.</summary>
    public static void Write(string path, string tempPath, string blobName, StoredLease lease)
    {
        var stored = new Stored(blobName, lease.Id, lease.Phase, (long)lease.Duration.TotalMilliseconds, lease.Until.ToUnixTimeMilliseconds());
        try
        {
            using (var file = new FileStream(tempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                JsonSerializer.Serialize(file, stored);
                file.Flush(flushToDisk: true);
            }
            File.Move(tempPath, path, overwrite: true);
        }
        finally
        {
            File.Delete(tempPath); // only still there if the move did not happen
        }
    }

    public static void Delete(string path) => File.Delete(path);

    /// <param name="Blob">The blob's name, only for people looking at the folder (the file is named by a hash).</param>
    private sealed record Stored(string Blob, string Id, [property: JsonConverter(typeof(JsonStringEnumConverter<LeaseState>))] LeaseState Phase, long DurationMs, long UntilUnixMs);
}
