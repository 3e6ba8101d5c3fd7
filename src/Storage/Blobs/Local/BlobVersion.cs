namespace Saver.Storage.Blobs.Local;

/// <summary>
/// A blob's version: what a blob file's header records about its content, and the content's
/// length. <paramref name="DataFile"/> names the file an append blob's bytes live in (its first
/// <paramref name="Length"/> bytes), or is null when they follow the header.
/// </summary>
internal sealed record BlobVersion(ETag ETag, DateTimeOffset LastModified, long Length, bool IsAppendBlob = false, string? DataFile = null);
