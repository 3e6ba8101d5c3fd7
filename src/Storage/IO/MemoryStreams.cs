using System.Runtime.InteropServices;

namespace Saver.Storage.IO;

public static class MemoryStreams
{
    /// <summary>A read-only stream over the bytes, without copying when they live in an array.</summary>
    public static MemoryStream ReadOnly(ReadOnlyMemory<byte> bytes) =>
        MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Array is not null
            ? new MemoryStream(segment.Array, segment.Offset, segment.Count, writable: false)
            : new MemoryStream(bytes.ToArray(), writable: false);
}
