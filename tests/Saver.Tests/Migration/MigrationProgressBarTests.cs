using Microsoft.Extensions.Time.Testing;
using Saver.Functions.Hosting;
using Saver.Storage.Migration;

namespace Saver.Tests.Migration;

/// <summary>The progress of --migrate-all: one line redrawn on a terminal, plain lines now and then otherwise.</summary>
public sealed class MigrationProgressBarTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly StringWriter _output = new();

    [Fact]
    public void On_a_terminal_one_line_is_redrawn_at_most_ten_times_a_second_and_ended_when_done()
    {
        var bar = new MigrationProgressBar(_output, interactive: true, _time);

        bar.Show(new MigrationProgress(0, 4, 0, 0));
        bar.Show(new MigrationProgress(1, 4, 1, 0));
        _time.Advance(TimeSpan.FromMilliseconds(150));
        bar.Show(new MigrationProgress(2, 4, 1, 1));
        bar.Show(new MigrationProgress(3, 4, 2, 1));
        bar.Finish();

        Assert.Equal(
            "\rmigrate-all [..............................] 0/4 (0%): 0 migrated, 0 failed\u001b[K" +
            "\rmigrate-all [###############...............] 2/4 (50%): 1 migrated, 1 failed\u001b[K" +
            "\rmigrate-all [######################........] 3/4 (75%): 2 migrated, 1 failed\u001b[K" + Environment.NewLine,
            _output.ToString());
    }

    [Fact]
    public void Elsewhere_plain_lines_every_few_seconds_with_the_first_and_the_last()
    {
        var bar = new MigrationProgressBar(_output, interactive: false, _time);

        for (var done = 0; done <= 10; done++)
        {
            bar.Show(new MigrationProgress(done, 10, done, 0));
            _time.Advance(TimeSpan.FromSeconds(1));
        }
        bar.Finish();

        Assert.Equal(
        [
            "migrate-all [..............................] 0/10 (0%): 0 migrated, 0 failed",
            "migrate-all [###############...............] 5/10 (50%): 5 migrated, 0 failed",
            "migrate-all [##############################] 10/10 (100%): 10 migrated, 0 failed",
        ], _output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Nothing_to_migrate_is_shown_as_done()
    {
        var bar = new MigrationProgressBar(_output, interactive: false, _time);
        bar.Show(new MigrationProgress(0, 0, 0, 0));
        bar.Finish();
        Assert.Equal("migrate-all [##############################] 0/0 (100%): 0 migrated, 0 failed" + Environment.NewLine, _output.ToString());
    }
}
