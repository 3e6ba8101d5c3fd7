using System.Globalization;
using Saver.Storage.Migration;

namespace Saver.Functions.Hosting;

/// <summary>
/// Shows how far --migrate-all has got. On a terminal it is one line redrawn in place (at
/// most ten times a second); when the output goes to a file or a log, a plain line every
/// few seconds, so the log stays readable. The first and last states are always shown.
/// </summary>
public sealed class MigrationProgressBar(TextWriter writer, bool interactive, TimeProvider time)
{
    public const int Width = 30;
    public static readonly TimeSpan TerminalInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan PlainInterval = TimeSpan.FromSeconds(5);

    private MigrationProgress? _latest;
    private MigrationProgress? _shown;
    private long _shownAt;

    /// <summary>Records the progress, and shows it unless it was shown very recently.</summary>
    public void Show(MigrationProgress progress)
    {
        _latest = progress;
        var interval = interactive ? TerminalInterval : PlainInterval;
        if (_shown is not null && progress.Done < progress.Total && time.GetElapsedTime(_shownAt) < interval) return;
        Write(progress);
    }

    /// <summary>Shows the latest progress if it has not been, and ends the line on a terminal.</summary>
    public void Finish()
    {
        if (_latest is { } latest && latest != _shown) Write(latest);
        if (interactive && _shown is not null) writer.WriteLine();
        writer.Flush();
    }

    private void Write(MigrationProgress progress)
    {
        var line = Line(progress);
        if (interactive) writer.Write("\r" + line + "\u001b[K");
        else writer.WriteLine(line);
        writer.Flush();
        _shown = progress;
        _shownAt = time.GetTimestamp();
    }

    /// <summary>e.g. <c>migrate-all [#########.....................] 12/40 (30%): 11 migrated, 1 failed</c>.</summary>
    public static string Line(MigrationProgress progress)
    {
        var fraction = progress.Total == 0 ? 1.0 : (double)progress.Done / progress.Total;
        var filled = (int)Math.Floor(fraction * Width);
        return string.Create(CultureInfo.InvariantCulture,
            $"migrate-all [{new string('#', filled)}{new string('.', Width - filled)}] {progress.Done}/{progress.Total} " +
            $"({(int)Math.Floor(fraction * 100)}%): {progress.Migrated} migrated, {progress.Failed} failed");
    }
}
