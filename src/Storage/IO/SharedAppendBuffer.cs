namespace Saver.Storage.IO;

/// <summary>
/// One array that the versions of an append-only file share, each version being its first so
/// many bytes. A version is extended in place when nothing has been appended after it yet;
/// otherwise (two versions grown from one, or the array full) the extension starts an array
/// of its own, twice the size it needs. Bytes once written are never changed, so every version
/// made from the array reads as it did, on any thread, while others append.
/// </summary>
public sealed class SharedAppendBuffer
{
    private const int SmallestCapacity = 256;

    /// <summary>How far the array is taken: the end of the longest version.</summary>
    private int _used;

    private SharedAppendBuffer(byte[] array, int used)
    {
        Array = array;
        _used = used;
    }

    /// <summary>The shared array. Its first bytes, as far as a version's length, are that version; never write to it.</summary>
    public byte[] Array { get; }

    /// <summary>A buffer that holds the first <paramref name="used"/> bytes of <paramref name="array"/> (its own from now on).</summary>
    public static SharedAppendBuffer Over(byte[] array, int used)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(used, array.Length);
        return new SharedAppendBuffer(array, used);
    }

    /// <summary>A new buffer that holds <paramref name="bytes"/>, with room to grow.</summary>
    public static SharedAppendBuffer Of(ReadOnlySpan<byte> bytes)
    {
        var buffer = new SharedAppendBuffer(GC.AllocateUninitializedArray<byte>(Capacity(bytes.Length)), bytes.Length);
        bytes.CopyTo(buffer.Array);
        return buffer;
    }

    /// <summary>
    /// The version <paramref name="length"/> bytes long with <paramref name="bytes"/> after it:
    /// its first <paramref name="length"/> + <paramref name="bytes"/>.Length bytes of the buffer returned.
    /// </summary>
    public SharedAppendBuffer Append(int length, ReadOnlySpan<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Volatile.Read(ref _used));
        var end = length + bytes.Length;
        // Whoever moves the end first owns the room after it; a version made from the array
        // later cannot be handed out before its bytes are written.
        if (end <= Array.Length && Interlocked.CompareExchange(ref _used, end, length) == length)
        {
            bytes.CopyTo(Array.AsSpan(length));
            return this;
        }
        var grown = new SharedAppendBuffer(GC.AllocateUninitializedArray<byte>(Capacity(end)), end);
        Array.AsSpan(0, length).CopyTo(grown.Array);
        bytes.CopyTo(grown.Array.AsSpan(length));
        return grown;
    }

    private static int Capacity(int length) => (int)Math.Clamp(2L * length, SmallestCapacity, System.Array.MaxLength);
}
