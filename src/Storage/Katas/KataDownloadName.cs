using System.Globalization;

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
}
