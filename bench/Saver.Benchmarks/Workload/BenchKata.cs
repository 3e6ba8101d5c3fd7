using System.Text.Json.Nodes;

namespace Saver.Benchmarks.Workload;

/// <summary>
/// The kata every scenario saves to: Python tennis with five files of the size a kata has a
/// few minutes in, and the manifest a cyber-dojo web server sends to kata_create.
/// </summary>
public static class BenchKata
{
    /// <summary>The file each event edits (one line of it), as a person typing between runs would.</summary>
    public const string EditedFile = "tennis.py";

    /// <summary>A well-formed laptop id, so it is stored in every event as a browser's would be.</summary>
    public const string LaptopId = "5ace0be4c45ace0be4c45ace0be4c45ace0be4c45ace0be4c45ace0be4c45ace";

    public static JsonObject Manifest() => new()
    {
        ["display_name"] = "Python, unittest",
        ["image_name"] = "cyberdojofoundation/python_unittest:b8333d3",
        ["filename_extension"] = new JsonArray(".py"),
        ["exercise"] = "Tennis",
        ["highlight_filenames"] = new JsonArray(),
        ["tab_size"] = 4,
        ["max_seconds"] = 10,
        ["progress_regexs"] = new JsonArray("FAILED \\(failures=\\d+\\)", "OK"),
        ["visible_files"] = FilesJson(Files(edit: 0)),
    };

    /// <summary>The five files after edit number <paramref name="edit"/> (0: as created).</summary>
    public static SortedDictionary<string, string> Files(int edit) => new(StringComparer.Ordinal)
    {
        ["cyber-dojo.sh"] = "set -e\npython3 -m unittest *test*.py\n",
        ["readme.txt"] = Readme,
        [EditedFile] = TennisPy.Replace("{edit}", edit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ["tennis_unit_test.py"] = UnitTests,
        ["tennis_acceptance_test.py"] = AcceptanceTests,
    };

    public static JsonObject FilesJson(IReadOnlyDictionary<string, string> files)
    {
        var o = new JsonObject();
        foreach (var (name, content) in files) o[name] = new JsonObject { ["content"] = content };
        return o;
    }

    private const string Readme = """
        Tennis has a rather quirky scoring system, and to newcomers it can be a little
        difficult to keep track of. The local tennis club has some electronic scoreboards
        and asks you to write the code that shows the score.

        A game is won by the first player to have won at least four points in total and
        at least two points more than the opponent. The running score of each game is
        described in a manner peculiar to tennis: scores from zero to three points are
        described as "love", "fifteen", "thirty", and "forty" respectively.

        If at least three points have been scored by each player, and the scores are
        equal, the score is "deuce". If at least three points have been scored by each
        side and a player has one more point than his opponent, the score of the game is
        "advantage" for the player in the lead.

        """;

    // The line with {edit} is the one each event changes: a one-line edit (diff 1/1).
    private const string TennisPy = """
        NAMES = ['Love', 'Fifteen', 'Thirty', 'Forty']


        class TennisGame:
            def __init__(self, player1, player2):
                self.player1 = player1
                self.player2 = player2
                self.points1 = 0
                self.points2 = 0

            def won_point(self, player):
                if player == self.player1:
                    self.points1 += 1
                else:
                    self.points2 += 1

            def score(self):
                attempt = {edit}
                if self.points1 == self.points2:
                    if self.points1 >= 3:
                        return 'Deuce'
                    return NAMES[self.points1] + '-All'
                if self.points1 >= 4 or self.points2 >= 4:
                    lead = self.points1 - self.points2
                    leader = self.player1 if lead > 0 else self.player2
                    if abs(lead) == 1:
                        return 'Advantage ' + leader
                    return 'Win for ' + leader
                return NAMES[self.points1] + '-' + NAMES[self.points2]

        """;

    private const string UnitTests = """
        import unittest
        from tennis import TennisGame


        def play(points1, points2):
            game = TennisGame('player1', 'player2')
            for _ in range(max(points1, points2)):
                if points1 > 0:
                    game.won_point('player1')
                    points1 -= 1
                if points2 > 0:
                    game.won_point('player2')
                    points2 -= 1
            return game


        class TennisUnitTest(unittest.TestCase):

            def test_love_all(self):
                self.assertEqual('Love-All', play(0, 0).score())

            def test_fifteen_love(self):
                self.assertEqual('Fifteen-Love', play(1, 0).score())

            def test_deuce(self):
                self.assertEqual('Deuce', play(3, 3).score())

            def test_advantage(self):
                self.assertEqual('Advantage player1', play(4, 3).score())

            def test_win(self):
                self.assertEqual('Win for player2', play(2, 4).score())


        if __name__ == '__main__':
            unittest.main()

        """;

    private const string AcceptanceTests = """
        import unittest
        from tennis import TennisGame

        SCORES = [
            (0, 0, 'Love-All'), (1, 1, 'Fifteen-All'), (2, 2, 'Thirty-All'), (3, 3, 'Deuce'),
            (4, 4, 'Deuce'), (1, 0, 'Fifteen-Love'), (0, 1, 'Love-Fifteen'), (2, 0, 'Thirty-Love'),
            (0, 2, 'Love-Thirty'), (3, 0, 'Forty-Love'), (0, 3, 'Love-Forty'), (4, 0, 'Win for player1'),
            (0, 4, 'Win for player2'), (4, 3, 'Advantage player1'), (3, 4, 'Advantage player2'),
            (5, 4, 'Advantage player1'), (4, 5, 'Advantage player2'), (6, 4, 'Win for player1'),
        ]


        class TennisAcceptanceTest(unittest.TestCase):

            def test_every_score(self):
                for points1, points2, expected in SCORES:
                    game = TennisGame('player1', 'player2')
                    for _ in range(points1):
                        game.won_point('player1')
                    for _ in range(points2):
                        game.won_point('player2')
                    with self.subTest(points1=points1, points2=points2):
                        self.assertEqual(expected, game.score())


        if __name__ == '__main__':
            unittest.main()

        """;
}
