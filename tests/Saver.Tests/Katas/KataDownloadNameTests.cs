using Microsoft.Extensions.Time.Testing;
using Saver.Storage.Katas;

namespace Saver.Tests.Katas;

public class KataDownloadNameTests
{
    [Fact]
    public void The_date_is_unpadded()
    {
        var day = new DateOnly(2026, 3, 7);
        Assert.Equal("cyber-dojo-2026-3-7-AbCdEf", KataDownloadName.Folder("AbCdEf", day));
        Assert.Equal("cyber-dojo-2026-3-7-AbCdEf.tgz", KataDownloadName.File("AbCdEf", day));
        Assert.Equal("cyber-dojo-2026-12-25-AbCdEf.tgz", KataDownloadName.File("AbCdEf", new DateOnly(2026, 12, 25)));
    }

    [Fact]
    public void Today_is_the_servers_local_day()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 6, 20, 0, 0, TimeSpan.Zero));
        Assert.Equal(new DateOnly(2026, 3, 6), KataDownloadName.Today(time));

        time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("UTC+10", TimeSpan.FromHours(10), "UTC+10", "UTC+10"));
        Assert.Equal(new DateOnly(2026, 3, 7), KataDownloadName.Today(time));

        time.SetLocalTimeZone(TimeZoneInfo.CreateCustomTimeZone("UTC-12", TimeSpan.FromHours(-12), "UTC-12", "UTC-12"));
        Assert.Equal(new DateOnly(2026, 3, 6), KataDownloadName.Today(time));
    }
}
