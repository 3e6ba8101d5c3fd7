using System.Buffers;

namespace Saver.Storage.IO;

/// <summary>
/// Bytes in an array borrowed from the shared pool and given back on dispose: for the large,
/// short-lived buffers of maintenance, which would otherwise each be a large-object-heap
/// allocation and, together, a full garbage collection every few runs.
/// </summary>
public sealed class PooledBytes : IDisposable
{
    private byte[]? _array;

    public PooledBytes(int length)
    {
        _array = ArrayPool<byte>.Shared.Rent(length);
        Length = length;
    }

    public int Length { get; }

    public Span<byte> Span => (_array ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsSpan(0, Length);

    public ReadOnlyMemory<byte> Memory => (_array ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsMemory(0, Length);

    /// <summary>A whole file's bytes.</summary>
    public static PooledBytes ReadAll(string path)
    {
        using var file = File.OpenHandle(path);
        var bytes = new PooledBytes(checked((int)RandomAccess.GetLength(file)));
        try
        {
            for (var read = 0; read < bytes.Length;)
            {
                var n = RandomAccess.Read(file, bytes.Span[read..], read);
                if (n == 0) throw new EndOfStreamException($"{path} ended early");
                read += n;
            }
            return bytes;
        }
        catch
        {
            bytes.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array) ArrayPool<byte>.Shared.Return(array);
    }
}
