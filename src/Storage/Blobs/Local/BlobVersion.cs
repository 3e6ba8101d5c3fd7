namespace Saver.Storage.Blobs.Local;

/// <summary>A blob's version: what a blob file's header records about its content, and the content's length.</summary>
internal sealed record BlobVersion(ETag ETag, DateTimeOffset LastModified, long Length, bool IsAppendBlob = false);
