using LibGit2Sharp;

namespace Saver.Storage.Diffs;

/// <summary>Reads blobs of one repository once each, for the span of one comparison.</summary>
internal sealed class BlobReader(Repository repository)
{
    private readonly Dictionary<ObjectId, byte[]> _read = [];

    public byte[] Read(ObjectId id)
    {
        if (!_read.TryGetValue(id, out var content))
        {
            content = GitObjects.ReadBlob(repository, id);
            _read.Add(id, content);
        }
        return content;
    }
}
