using System.Security.Cryptography;

namespace Saver.Storage.Git;

/// <summary>
/// A git object's bytes: one array, or a start kept in an array that other versions of the
/// same file share, then a short ending of this version's own. events.json grows by an entry
/// per event and each version is the one before with the entry spliced in before its closing
/// "\n]": its versions share one growing buffer (<see cref="Katas.KataEventLog"/>), so an
/// event neither copies the history nor allocates it again. Never written to once made. Equal
/// when their bytes are, however they are held.
/// </summary>
public readonly struct ObjectBytes : IEquatable<ObjectBytes>
{
    private readonly byte[]? _start;
    private readonly int _startLength;
    private readonly byte[]? _ending;

    /// <summary>The bytes of <paramref name="whole"/>, all of it.</summary>
    public ObjectBytes(byte[] whole)
    {
        ArgumentNullException.ThrowIfNull(whole);
        _start = whole;
        _startLength = whole.Length;
    }

    /// <summary>The first <paramref name="startLength"/> bytes of <paramref name="start"/>, then <paramref name="ending"/>.</summary>
    public ObjectBytes(byte[] start, int startLength, byte[] ending)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(ending);
        ArgumentOutOfRangeException.ThrowIfNegative(startLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(startLength, start.Length);
        _start = start;
        _startLength = startLength;
        _ending = ending;
    }

    public static implicit operator ObjectBytes(byte[] whole) => new(whole);

    public int Length => _startLength + Ending.Length;

    /// <summary>The bytes up to the ending (all of them when there is none).</summary>
    public ReadOnlySpan<byte> Start => _start.AsSpan(0, _startLength);

    public ReadOnlySpan<byte> Ending => _ending;

    public byte this[int index] => index < _startLength ? _start![index] : _ending![index - _startLength];

    /// <summary>The bytes as one array: the very array when it holds exactly them (never write to it), else a copy.</summary>
    public byte[] ToArray()
    {
        if (Ending.IsEmpty && _start is { } whole && whole.Length == _startLength) return whole;
        var bytes = GC.AllocateUninitializedArray<byte>(Length);
        CopyTo(0, bytes);
        return bytes;
    }

    /// <summary>Copies the bytes from <paramref name="from"/> on, as many as <paramref name="destination"/> holds.</summary>
    public void CopyTo(int from, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from + destination.Length, Length);
        var start = from < _startLength ? Start[from..] : default;
        var n = Math.Min(start.Length, destination.Length);
        start[..n].CopyTo(destination);
        Ending[Math.Max(0, from - _startLength)..][..(destination.Length - n)].CopyTo(destination[n..]);
    }

    /// <summary>The bytes from <paramref name="from"/> for <paramref name="length"/>: in place when they lie in one part, else copied out.</summary>
    public ReadOnlySpan<byte> Slice(int from, int length)
    {
        if (from + length <= _startLength) return Start.Slice(from, length);
        if (from >= _startLength) return Ending.Slice(from - _startLength, length);
        var bytes = new byte[length];
        CopyTo(from, bytes);
        return bytes;
    }

    /// <summary>How many bytes the two have in common from the start.</summary>
    public int CommonPrefixLength(in ObjectBytes other)
    {
        var limit = Math.Min(Length, other.Length);
        // Versions of one growing file share their buffer: what both take from it is the same.
        var at = ReferenceEquals(_start, other._start) ? Math.Min(_startLength, other._startLength) : 0;
        while (at < limit)
        {
            var mine = PartFrom(at);
            var theirs = other.PartFrom(at);
            var n = Math.Min(Math.Min(mine.Length, theirs.Length), limit - at);
            var same = mine[..n].CommonPrefixLength(theirs[..n]);
            at += same;
            if (same < n) break;
        }
        return at;
    }

    /// <summary>How many bytes the two have in common at the end, counting no further than <paramref name="limit"/>.</summary>
    public int CommonSuffixLength(in ObjectBytes other, int limit)
    {
        var suffix = 0;
        while (suffix < limit)
        {
            var mine = PartBefore(Length - suffix);
            var theirs = other.PartBefore(other.Length - suffix);
            var n = Math.Min(Math.Min(mine.Length, theirs.Length), limit - suffix);
            mine = mine[^n..];
            theirs = theirs[^n..];
            var same = 0;
            while (same < n && mine[n - 1 - same] == theirs[n - 1 - same]) same++;
            suffix += same;
            if (same < n) break;
        }
        return suffix;
    }

    /// <summary>Feeds the bytes to a hash.</summary>
    public void AppendTo(IncrementalHash hash)
    {
        hash.AppendData(Start);
        hash.AppendData(Ending);
    }

    public void WriteTo(Stream stream)
    {
        stream.Write(Start);
        stream.Write(Ending);
    }

    public bool Equals(ObjectBytes other) => Length == other.Length && CommonPrefixLength(other) == Length;

    public override bool Equals(object? obj) => obj is ObjectBytes other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Length, Length == 0 ? 0 : this[0], Length == 0 ? 0 : this[Length - 1]);

    public static bool operator ==(ObjectBytes left, ObjectBytes right) => left.Equals(right);

    public static bool operator !=(ObjectBytes left, ObjectBytes right) => !left.Equals(right);

    public override string ToString() => $"{Length} bytes";

    /// <summary>The bytes from <paramref name="at"/> to the end of the part it falls in.</summary>
    private ReadOnlySpan<byte> PartFrom(int at) => at < _startLength ? Start[at..] : Ending[(at - _startLength)..];

    /// <summary>The bytes before <paramref name="end"/> from the start of the part the last of them falls in.</summary>
    private ReadOnlySpan<byte> PartBefore(int end) => end <= _startLength ? Start[..end] : Ending[..(end - _startLength)];
}
