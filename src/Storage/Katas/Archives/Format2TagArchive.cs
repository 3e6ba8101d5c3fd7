using LibGit2Sharp;
using Saver.Storage.Git;
using Saver.Storage.Ids;
using Saver.Storage.IO;

namespace Saver.Storage.Katas.Archives;

/// <summary>
/// A format-2 kata's event as <c>git archive --prefix=ID-N/ N</c> would write it, limited to
/// <c>files/</c> and the outputs: read from the tag's tree in git's own order, each file
/// streamed from the object database as it is written, with the commit's time and id.
/// </summary>
internal sealed class Format2TagArchive : KataTagArchive
{
    private readonly RepositorySnapshot _snapshot;
    private readonly bool _filesOnly;

    private Format2TagArchive(EntityId id, int position, RepositorySnapshot snapshot, bool filesOnly) : base(id, position)
    {
        _snapshot = snapshot;
        _filesOnly = filesOnly;
    }

    /// <summary>
    /// Checks <paramref name="index"/> as kata_event does and takes over
    /// <paramref name="snapshot"/> (disposed with the archive, or at once when the index is refused).
    /// </summary>
    public static Format2TagArchive Open(Format2Katas format2, EntityId id, RepositorySnapshot snapshot, long index)
    {
        try
        {
            var events = format2.StoredEvents(snapshot);
            var position = EventPosition.Resolve(index, events.Count);
            using (var repo = snapshot.Open())
                _ = TaggedCommit(repo, snapshot, position);
            // An outage (docs/api.md §6) shares the commit of the event that back-filled it; as in
            // kata_event, only its files are its own.
            return new Format2TagArchive(id, position, snapshot, filesOnly: EventIndexes.IsOutage(events[position]));
        }
        catch
        {
            snapshot.Dispose();
            throw;
        }
    }

    public override async Task WriteAsync(Stream destination, CancellationToken cancellationToken)
    {
        using var repo = _snapshot.Open();
        var commit = TaggedCommit(repo, _snapshot, (int)Index);
        await using var tar = await GitStyleTarWriter.StartAsync(destination, commit.Committer.When, commit.Sha, cancellationToken)
            .ConfigureAwait(false);
        await tar.WriteDirectoryAsync(Prefix, cancellationToken).ConfigureAwait(false);
        // A tree lists its entries in git's order, which is the order git archive writes them in.
        foreach (var entry in commit.Tree)
        {
            if (entry.Name == KataTree.Files && entry.Target is Tree files)
                await WriteTreeAsync(tar, files, Prefix + KataTree.Files + "/", cancellationToken).ConfigureAwait(false);
            else if (!_filesOnly && OutputNames.Contains(entry.Name) && entry.Target is Blob output)
                await WriteBlobAsync(tar, output, Prefix + entry.Name, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteTreeAsync(GitStyleTarWriter tar, Tree tree, string path, CancellationToken cancellationToken)
    {
        await tar.WriteDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
        foreach (var entry in tree)
        {
            switch (entry.Target)
            {
                case Tree sub:
                    await WriteTreeAsync(tar, sub, path + entry.Name + "/", cancellationToken).ConfigureAwait(false);
                    break;
                case Blob blob:
                    await WriteBlobAsync(tar, blob, path + entry.Name, cancellationToken).ConfigureAwait(false);
                    break;
            }
        }
    }

    private static async Task WriteBlobAsync(GitStyleTarWriter tar, Blob blob, string path, CancellationToken cancellationToken)
    {
        await using var content = blob.GetContentStream();
        await tar.WriteFileAsync(path, content, cancellationToken).ConfigureAwait(false);
    }

    private static Commit TaggedCommit(Repository repo, RepositorySnapshot snapshot, int position) =>
        snapshot.Tagged(repo, position) ?? throw new SaverException($"kata {snapshot.Name} has no tag {position}");

    protected override void Dispose(bool disposing)
    {
        if (disposing) _snapshot.Dispose();
    }
}
