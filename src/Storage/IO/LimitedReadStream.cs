namespace Saver.Storage.IO;

/// <summary>
/// A read-only, forward-only view of a stream that fails with the caller's exception as soon
/// as more than <paramref name="limit"/> bytes have come through it, so a reader on top (a
/// decompressor, a tar reader) can never pull more than that out of the source.
/// </summary>
public sealed class LimitedReadStream(Stream inner, long limit, Func<Exception> overLimit, bool leaveOpen = true) : Stream
{
    /// <summary>How many bytes have been read through this stream.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(Bounded(buffer)));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(Bounded(buffer), cancellationToken).ConfigureAwait(false));

    // Asking for at most one byte past the limit is enough to notice that it is exceeded,
    // without reading a whole buffer of what will be thrown away.
    private Span<byte> Bounded(Span<byte> buffer) => buffer[..(int)Math.Min(buffer.Length, limit - BytesRead + 1)];

    private Memory<byte> Bounded(Memory<byte> buffer) => buffer[..(int)Math.Min(buffer.Length, limit - BytesRead + 1)];

    private int Count(int read)
    {
        BytesRead += read;
        if (BytesRead > limit) throw overLimit();
        return read;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen) inner.Dispose();
        base.Dispose(disposing);
    }
}
