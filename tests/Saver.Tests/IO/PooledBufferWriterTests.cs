using Saver.Storage.IO;

namespace Saver.Tests.IO;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void Bytes_written_in_pieces_past_its_first_size_read_back_in_order()
    {
        var expected = Enumerable.Range(0, 100_000).Select(i => (byte)(i * 7)).ToArray();
        using var writer = new PooledBufferWriter(initialCapacity: 16);

        for (var at = 0; at < expected.Length;)
        {
            var piece = Math.Min(1 + at % 997, expected.Length - at);
            var span = writer.GetSpan(piece);
            Assert.True(span.Length >= piece);
            expected.AsSpan(at, piece).CopyTo(span);
            writer.Advance(piece);
            at += piece;
        }

        Assert.Equal(expected.Length, writer.Length);
        Assert.Equal(expected, writer.Written.ToArray());
    }

    [Fact]
    public void Advancing_past_the_room_it_gave_is_refused_and_the_length_stays()
    {
        using var writer = new PooledBufferWriter(initialCapacity: 16);
        var room = writer.GetMemory().Length;
        writer.Advance(3);

        Assert.Throws<InvalidOperationException>(() => writer.Advance(room));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
        Assert.Equal(3, writer.Length);
    }

    [Fact]
    public void Once_disposed_it_gives_no_buffer()
    {
        var writer = new PooledBufferWriter();
        writer.Dispose();
        writer.Dispose();

        Assert.Throws<ObjectDisposedException>(() => writer.GetSpan());
        Assert.Throws<ObjectDisposedException>(() => writer.Written);
    }
}
