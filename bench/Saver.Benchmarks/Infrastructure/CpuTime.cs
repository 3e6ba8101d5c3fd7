using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Saver.Benchmarks.Infrastructure;

/// <summary>
/// CPU time used by everything a scenario runs on: this process (client, app, domain), the
/// child processes it has waited for (the baseline's git commands) and helper processes that
/// are still running (Azurite). Unlike wall time it hardly moves when other work shares the
/// machine, so it is the steadier figure on a busy 2-core box. Linux only (getrusage, /proc).
/// </summary>
public static class CpuTime
{
    private const int RusageSelf = 0;
    private const int RusageChildren = -1;

    public static bool IsSupported => OperatingSystem.IsLinux();

    public static TimeSpan Used(IEnumerable<Process> helpers)
    {
        var total = Rusage(RusageSelf) + Rusage(RusageChildren);
        foreach (var helper in helpers)
        {
            helper.Refresh();
            if (!helper.HasExited) total += helper.TotalProcessorTime;
        }
        return total;
    }

    private static TimeSpan Rusage(int who)
    {
        if (GetRusage(who, out var usage) != 0) throw new InvalidOperationException($"getrusage failed: errno {Marshal.GetLastPInvokeError()}");
        return ToTimeSpan(usage.UserTime) + ToTimeSpan(usage.SystemTime);
    }

    private static TimeSpan ToTimeSpan(TimeVal t) => TimeSpan.FromSeconds(t.Seconds) + TimeSpan.FromMicroseconds(t.Microseconds);

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRusage(int who, out RUsage usage);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeVal
    {
        public long Seconds;
        public long Microseconds;
    }

    // struct rusage on 64-bit Linux: two timevals, then 14 longs.
    [StructLayout(LayoutKind.Sequential)]
    private struct RUsage
    {
        public TimeVal UserTime;
        public TimeVal SystemTime;
        public long MaxRss, IxRss, IdRss, IsRss, MinFlt, MajFlt, NSwap, InBlock, OuBlock, MsgSnd, MsgRcv, NSignals, NVCsw, NIvCsw;
    }
}
