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

    [Theory]
    [InlineData("Tennis", "cyber-dojo-2026-3-7-Tennis-AbCdEf.tgz")]
    [InlineData(null, "cyber-dojo-2026-3-7-AbCdEf.tgz")]
    [InlineData("", "cyber-dojo-2026-3-7-AbCdEf.tgz")]
    [InlineData("Fizz Buzz", "cyber-dojo-2026-3-7-Fizz_Buzz-AbCdEf.tgz")]
    [InlineData("  ../etc/passwd  ", "cyber-dojo-2026-3-7-etc_passwd-AbCdEf.tgz")]
    [InlineData("Print-Diamond v2.0", "cyber-dojo-2026-3-7-Print-Diamond_v2.0-AbCdEf.tgz")]
    [InlineData("Bowling Game (ünï)", "cyber-dojo-2026-3-7-Bowling_Game_ünï-AbCdEf.tgz")]
    [InlineData("!!!", "cyber-dojo-2026-3-7-AbCdEf.tgz")]
    public void The_attachment_names_the_day_the_exercise_as_one_safe_word_and_the_id(string? exercise, string expected) =>
        Assert.Equal(expected, KataDownloadName.Attachment("AbCdEf", new DateOnly(2026, 3, 7), exercise));

    [Fact]
    public void A_long_exercise_is_cut_short() =>
        Assert.Equal("cyber-dojo-2026-3-7-" + new string('x', 64) + "-AbCdEf.tgz",
            KataDownloadName.Attachment("AbCdEf", new DateOnly(2026, 3, 7), new string('x', 100)));
}
