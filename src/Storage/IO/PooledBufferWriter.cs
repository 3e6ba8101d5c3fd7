using System.Buffers;

namespace Saver.Storage.IO;

/// <summary>
/// A growing buffer of bytes borrowed from the shared pool and given back on dispose: for
/// answers written whole before they are sent (a dashboard's runs to most of a megabyte), which
/// would otherwise each leave a large-object-heap array behind, and every few of them a full
/// garbage collection.
/// </summary>
public sealed class PooledBufferWriter(int initialCapacity = 16 * 1024) : IBufferWriter<byte>, IDisposable
{
    private byte[]? _array = ArrayPool<byte>.Shared.Rent(initialCapacity);

    /// <summary>How many bytes were written.</summary>
    public int Length { get; private set; }

    /// <summary>The bytes written so far (valid until the next write or the dispose).</summary>
    public ReadOnlyMemory<byte> Written => Array.AsMemory(0, Length);

    private byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledBufferWriter));

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > Array.Length - Length) throw new InvalidOperationException($"advanced {count} bytes past the {Array.Length - Length} given");
        Length += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => WithRoom(sizeHint).AsMemory(Length);

    public Span<byte> GetSpan(int sizeHint = 0) => WithRoom(sizeHint).AsSpan(Length);

    /// <summary>The array, with room for at least <paramref name="sizeHint"/> bytes (at least one) past those written.</summary>
    private byte[] WithRoom(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        var needed = Math.Max(sizeHint, 1);
        var array = Array;
        if (array.Length - Length >= needed) return array;
        var larger = ArrayPool<byte>.Shared.Rent(checked(Math.Max(array.Length * 2, Length + needed)));
        array.AsSpan(0, Length).CopyTo(larger);
        _array = larger;
        ArrayPool<byte>.Shared.Return(array);
        return larger;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array) ArrayPool<byte>.Shared.Return(array);
    }
}
