using System.Globalization;

namespace Saver.Tests.Infrastructure;

/// <summary>
/// How many times over the concurrency tests do their work: once in CI; more in a soak,
/// <c>SAVER_SOAK=6 ./test.sh --filter "FullyQualifiedName~instances"</c>, where races too
/// rare for CI's few writes show (three instances, a reader, and maintenance every three records).
/// </summary>
public static class SoakScale
{
    public static int Times(int writes) =>
        writes * (int.TryParse(Environment.GetEnvironmentVariable("SAVER_SOAK"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 1 ? n : 1);
}
