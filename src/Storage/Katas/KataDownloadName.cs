using System.Globalization;
using System.Text;

namespace Saver.Storage.Katas;

/// <summary>
/// What a kata's download is called: <c>cyber-dojo-2026-3-7-AbCdEf.tgz</c>, holding the one
/// folder <c>cyber-dojo-2026-3-7-AbCdEf</c>; the date is the day of the download in the
/// server's local time, unpadded, as the original names it.
/// </summary>
public static class KataDownloadName
{
    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(time.GetLocalNow().DateTime);

    public static string Folder(string id, DateOnly day) =>
        string.Create(CultureInfo.InvariantCulture, $"cyber-dojo-{day.Year}-{day.Month}-{day.Day}-{id}");

    public static string File(string id, DateOnly day) => Folder(id, day) + ".tgz";

    /// <summary>The longest exercise name kept in <see cref="Attachment"/>.</summary>
    private const int MaxExerciseLength = 64;

    /// <summary>
    /// The file name kata_download_tgz suggests: <c>cyber-dojo-2026-3-7-Fizz_Buzz-AbCdEf.tgz</c>,
    /// the exercise left out when there is none. Letters, digits, '-' and '.' of the exercise
    /// are kept and every run of anything else becomes one '_', so it is a single safe file name.
    /// </summary>
    public static string Attachment(string id, DateOnly day, string? exercise)
    {
        var name = SafeName(exercise);
        return string.Create(CultureInfo.InvariantCulture,
            $"cyber-dojo-{day.Year}-{day.Month}-{day.Day}-{(name.Length > 0 ? name + "-" : "")}{id}.tgz");
    }

    private static string SafeName(string? exercise)
    {
        if (string.IsNullOrEmpty(exercise)) return "";
        var safe = new System.Text.StringBuilder(exercise.Length);
        foreach (var rune in exercise.EnumerateRunes())
        {
            if (Rune.IsLetterOrDigit(rune) || rune.Value is '-' or '.') safe.Append(rune.ToString());
            else if (safe.Length > 0 && safe[^1] != '_') safe.Append('_');
            if (safe.Length >= MaxExerciseLength) break;
        }
        return safe.ToString().Trim('_', '.', '-');
    }
}
