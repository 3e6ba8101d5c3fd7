namespace Saver.Benchmarks.Workload;

/// <summary>
/// The writes one browser tab sends to one kata: each an edit of <see cref="BenchKata.EditedFile"/>
/// followed by a test run. Every write gets a new tab_seq and new content, so none is ever a
/// duplicate the saver would skip, however often a scenario puts the kata back to its start.
/// </summary>
public sealed class BrowserSession
{
    private static readonly string[] Colours = ["red", "amber", "green"];
    private int _writes;
    private SortedDictionary<string, string> _files = BenchKata.Files(edit: 0);

    /// <summary>The next run; with <paramref name="edited"/> false the files are those of the previous write.</summary>
    public RanTests Next(bool edited = true)
    {
        _writes++;
        if (edited) _files = BenchKata.Files(edit: _writes);
        var colour = Colours[_writes % Colours.Length];
        var status = colour switch { "green" => 0, "amber" => 2, _ => 1 };
        return new RanTests(_files, edited ? BenchKata.EditedFile : null, Stdout(colour), Stderr(colour), status, colour, TabSeq: _writes);
    }

    /// <summary>
    /// The writes that take a new kata (1 event: its creation) to exactly
    /// <paramref name="events"/> events: edit-and-run pairs, and a run alone to make up an odd count.
    /// </summary>
    public IEnumerable<RanTests> History(int events)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(events, 1);
        var count = 1;
        for (; count + 2 <= events; count += 2) yield return Next(edited: true);
        if (count < events) yield return Next(edited: false);
    }

    private string Stdout(string colour) => colour switch
    {
        "amber" => "",
        "green" => ".......\n----------------------------------------------------------------------\n" +
                   $"Ran 7 tests in 0.00{_writes % 10}s\n\nOK\n",
        _ => "..F....\n======================================================================\n" +
             "FAIL: test_deuce (tennis_unit_test.TennisUnitTest.test_deuce)\n" +
             "----------------------------------------------------------------------\n" +
             "Traceback (most recent call last):\n" +
             "  File \"/sandbox/tennis_unit_test.py\", line 24, in test_deuce\n" +
             "    self.assertEqual('Deuce', play(3, 3).score())\n" +
             "AssertionError: 'Deuce' != 'Forty-All'\n- Deuce\n+ Forty-All\n\n\n" +
             "----------------------------------------------------------------------\n" +
             $"Ran 7 tests in 0.00{_writes % 10}s\n\nFAILED (failures=1)\n",
    };

    private string Stderr(string colour) => colour == "amber"
        ? $"  File \"/sandbox/tennis.py\", line {18 + _writes % 3}\nSyntaxError: invalid syntax\n"
        : "";
}
