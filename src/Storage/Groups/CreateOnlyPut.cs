using Saver.Storage.Blobs;

namespace Saver.Storage.Groups;

internal static class CreateOnlyPut
{
    /// <summary>
    /// Creates the blob only if there is none, atomically: true for the one caller who
    /// created it, false for everyone who found it there.
    /// </summary>
    public static async Task<bool> TryCreateAsync(this IBlobStore blobs, string name, ReadOnlyMemory<byte> content,
        CancellationToken cancellationToken)
    {
        try
        {
            await blobs.PutAsync(name, content, BlobConditions.CreateOnly, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (BlobConditionFailedException e) when (e.ErrorCode == BlobErrorCode.BlobAlreadyExists)
        {
            return false;
        }
    }
}
