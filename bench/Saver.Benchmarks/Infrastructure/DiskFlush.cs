using System.Diagnostics;

namespace Saver.Benchmarks.Infrastructure;

/// <summary>
/// Writes every file the system holds dirty to its disk before the next run starts. A run
/// that wrote many files (the baseline's git working trees) leaves them dirty, and the kernel
/// writes them back about 30 s later, in the middle of whatever runs then: the local store's
/// saves, which wait for their own writes to reach the disk, would pay for the baseline's.
/// </summary>
public static class DiskFlush
{
    public static async Task AllAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux()) return;
        using var sync = Process.Start(new ProcessStartInfo("sync") { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start sync");
        await sync.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
    }
}
