using System.Runtime.InteropServices;

namespace Saver.Storage.Blobs.Local;

/// <summary>
/// Makes a rename durable: a file's own flush puts its bytes on disk, but the name that
/// points at them lives in its folder, which has to be flushed too, or a crash soon after
/// the rename can bring the old file back. .NET has no call for it, so this opens the
/// folder and fsyncs it through libc.
/// </summary>
internal static partial class DirectorySync
{
    private const int ReadOnly = 0;              // O_RDONLY
    private const int DirectoryOnly = 0x10000;   // O_DIRECTORY on Linux

    public static void Flush(string folder)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = Open(folder, ReadOnly | DirectoryOnly);
        if (fd < 0) throw new IOException($"cannot open folder {folder} to flush it (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"cannot flush folder {folder} (errno {Marshal.GetLastPInvokeError()})");
        }
        finally
        {
            Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
