using System.Diagnostics;
using Microsoft.Win32.SafeHandles;

namespace Saver.Storage.Blobs.Local;

/// <summary>
/// An exclusive lock on a file, shared with every other process on the machine: held
/// while the handle is open, dropped by the kernel if the holder dies.
/// </summary>
/// <remarks>
/// On Linux and macOS, .NET opens a file with <see cref="FileShare.None"/> by taking
/// <c>flock(LOCK_EX | LOCK_NB)</c> on it. flock belongs to the open file description, not to
/// the process, so it excludes a second open of the file from the same process exactly as
/// it excludes one from another process (POSIX <c>fcntl</c> locks, which FileStream.Lock
/// uses, would not: they are per process). <see cref="Probe"/> checks this holds where the
/// store runs: it fails if file locking was switched off
/// (DOTNET_SYSTEM_IO_DISABLEFILELOCKING) or the file system ignores flock. On Windows the
/// same open is refused by the sharing rules.
/// </remarks>
internal sealed class FileLock : IDisposable
{
    /// <summary>
    /// Past this, a lock that is only ever held for a rename or two is not coming back:
    /// fail loudly rather than hang.
    /// </summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    private readonly SafeFileHandle _handle;

    private FileLock(SafeFileHandle handle) => _handle = handle;

    /// <summary>
    /// Waits for the lock. The waits are real time, not the store's injected clock: they
    /// wait for another thread or process to finish, which a fake clock would never let
    /// happen.
    /// </summary>
    public static async Task<FileLock> AcquireAsync(string path, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            if (TryAcquire(path) is { } acquired) return acquired;
            if (waited.Elapsed > GiveUpAfter)
                throw new TimeoutException($"lock {path} was held by someone else for more than {GiveUpAfter.TotalSeconds} s");
            // Spin a few times (a holder usually lets go within microseconds), then back off
            // a jittered millisecond or few so waiters do not retry in lockstep.
            if (attempt < 3) await Task.Yield();
            else await Task.Delay(Random.Shared.Next(1, Math.Min(2 + attempt / 4, 10)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The lock if it is free now, else null.</summary>
    public static FileLock? TryAcquire(string path)
    {
        try
        {
            return new FileLock(File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            return null;
        }
    }

    /// <summary>Throws unless a second lock on one file is refused while the first is held.</summary>
    /// <param name="path">A file of the probe's own (it is deleted afterwards).</param>
    public static void Probe(string path)
    {
        try
        {
            using var first = TryAcquire(path) ?? throw new IOException($"cannot lock the probe file {path}");
            using var second = TryAcquire(path);
            if (second is not null)
                throw new NotSupportedException(
                    $"file locks do not exclude each other under {Path.GetDirectoryName(path)} (file locking disabled, or a file system without flock): " +
                    "a local directory blob store would not be safe there");
        }
        finally
        {
            File.Delete(path);
        }
    }

    public void Dispose() => _handle.Dispose();

    /// <summary>
    /// "In use by another" is a plain IOException (not one of its subclasses for a missing
    /// file or path) whose HResult is EWOULDBLOCK on Unix or a sharing/lock violation on Windows.
    /// </summary>
    private static bool IsHeldByAnother(IOException e) =>
        e.GetType() == typeof(IOException) && (e.HResult is 11 or 35 || (e.HResult & 0xFFFF) is 32 or 33);
}
