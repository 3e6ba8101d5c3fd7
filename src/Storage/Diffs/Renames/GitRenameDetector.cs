namespace Saver.Storage.Diffs.Renames;

/// <summary>
/// Pairs deleted files with created ones as <c>git diff -M</c> does (diffcore-rename.c,
/// git 2.39, renames only): first identical contents, then files of the same unique base
/// name scoring at least 75%, then the best-scoring pairs at or above 50%.
/// </summary>
internal static class GitRenameDetector
{
    // git keeps the best four sources per destination when scoring the rest.
    private const int CandidatesPerDestination = 4;

    // The base-name pass asks for half way between the minimum and 100%.
    private const int MinimumBaseNameScore = GitSimilarity.DefaultMinimumScore + (GitSimilarity.MaxScore - GitSimilarity.DefaultMinimumScore) / 2;

    // diff.renameLimit's default for git diff: beyond limit² pairs to score, git gives up on inexact renames.
    private const long RenameLimit = 1000;

    /// <summary>
    /// The rename pairs as (index in <paramref name="sources"/>, index in <paramref name="destinations"/>,
    /// git's similarity score out of <see cref="GitSimilarity.MaxScore"/>; identical contents score the maximum).
    /// Both lists must be in git's path order, which decides ties as it does in git.
    /// </summary>
    public static IReadOnlyList<(int Source, int Destination, int Score)> Pair(IReadOnlyList<RenameCandidate> sources, IReadOnlyList<RenameCandidate> destinations)
    {
        var pairs = new List<(int Source, int Destination, int Score)>();
        if (sources.Count == 0 || destinations.Count == 0) return pairs;

        var sourceUsed = new bool[sources.Count];
        var destinationUsed = new bool[destinations.Count];
        void Record(int source, int destination, int score)
        {
            pairs.Add((source, destination, score));
            sourceUsed[source] = true;
            destinationUsed[destination] = true;
        }

        PairIdentical(sources, destinations, sourceUsed, Record);
        PairSameBaseNames(sources, destinations, sourceUsed, destinationUsed, Record);
        PairMostSimilar(sources, destinations, sourceUsed, destinationUsed, Record);
        return pairs;
    }

    // find_exact_renames: each destination, in order, takes the first unused source with its
    // content, preferring one with the same base name.
    private static void PairIdentical(IReadOnlyList<RenameCandidate> sources, IReadOnlyList<RenameCandidate> destinations, bool[] sourceUsed, Action<int, int, int> record)
    {
        for (var d = 0; d < destinations.Count; d++)
        {
            int best = -1, bestScore = -1, alternatives = 100;
            for (var s = 0; s < sources.Count; s++)
            {
                if (sourceUsed[s] || sources[s].Id != destinations[d].Id) continue;
                var score = 1 + (SameBaseName(sources[s], destinations[d]) ? 1 : 0);
                if (score > bestScore)
                {
                    (best, bestScore) = (s, score);
                    if (score == 2) break;
                }
                if (--alternatives == 0) break;
            }
            if (best >= 0) record(best, d, GitSimilarity.MaxScore);
        }
    }

    // find_basename_matches: a base name found once among the remaining sources and once among
    // the remaining destinations pairs them if they score at least 75%.
    private static void PairSameBaseNames(IReadOnlyList<RenameCandidate> sources, IReadOnlyList<RenameCandidate> destinations, bool[] sourceUsed, bool[] destinationUsed, Action<int, int, int> record)
    {
        var uniqueSources = UniqueBaseNames(sources, sourceUsed);
        var uniqueDestinations = UniqueBaseNames(destinations, destinationUsed);
        for (var s = 0; s < sources.Count; s++)
        {
            if (sourceUsed[s]) continue;
            var baseName = sources[s].BaseName;
            if (uniqueSources[baseName] != s) continue;
            if (!uniqueDestinations.TryGetValue(baseName, out var d) || d < 0 || destinationUsed[d]) continue;
            var score = GitSimilarity.Estimate(sources[s], destinations[d], MinimumBaseNameScore);
            if (score >= MinimumBaseNameScore) record(s, d, score);
        }
    }

    private static Dictionary<string, int> UniqueBaseNames(IReadOnlyList<RenameCandidate> candidates, bool[] used)
    {
        var unique = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < candidates.Count; i++)
        {
            if (used[i]) continue;
            var baseName = candidates[i].BaseName;
            unique[baseName] = unique.ContainsKey(baseName) ? -1 : i;
        }
        return unique;
    }

    // The score matrix: each remaining destination keeps its best four sources; all kept
    // candidates, best first, pair up while both ends are free and the score reaches 50%.
    private static void PairMostSimilar(IReadOnlyList<RenameCandidate> sources, IReadOnlyList<RenameCandidate> destinations, bool[] sourceUsed, bool[] destinationUsed, Action<int, int, int> record)
    {
        var openSources = Enumerable.Range(0, sources.Count).Where(s => !sourceUsed[s]).ToList();
        var openDestinations = Enumerable.Range(0, destinations.Count).Where(d => !destinationUsed[d]).ToList();
        if (openSources.Count == 0 || openDestinations.Count == 0) return;
        if ((long)openSources.Count * openDestinations.Count > RenameLimit * RenameLimit) return;

        var candidates = new List<Candidate>(openDestinations.Count * CandidatesPerDestination);
        foreach (var d in openDestinations)
        {
            var best = new Candidate[CandidatesPerDestination];
            Array.Fill(best, Candidate.None);
            foreach (var s in openSources)
            {
                var candidate = new Candidate(
                    GitSimilarity.Estimate(sources[s], destinations[d], GitSimilarity.DefaultMinimumScore),
                    SameBaseName(sources[s], destinations[d]) ? 1 : 0,
                    s,
                    d);
                KeepIfBetter(best, candidate);
            }
            candidates.AddRange(best);
        }

        // OrderBy is stable, as git's sort of this matrix is.
        foreach (var candidate in candidates.OrderBy(candidate => candidate, CandidateOrder.Instance))
        {
            if (candidate.Destination < 0 || candidate.Score < GitSimilarity.DefaultMinimumScore) break;
            if (destinationUsed[candidate.Destination] || sourceUsed[candidate.Source]) continue;
            record(candidate.Source, candidate.Destination, candidate.Score);
        }
    }

    // record_if_better: replace the worst kept candidate if the new one sorts before it.
    private static void KeepIfBetter(Candidate[] best, Candidate candidate)
    {
        var worst = 0;
        for (var i = 1; i < best.Length; i++)
            if (CandidateOrder.Instance.Compare(best[i], best[worst]) > 0) worst = i;
        if (CandidateOrder.Instance.Compare(best[worst], candidate) > 0) best[worst] = candidate;
    }

    // basename_same: the paths agree from their ends back to a '/' or the start of both.
    private static bool SameBaseName(RenameCandidate source, RenameCandidate destination) =>
        string.Equals(source.BaseName, destination.BaseName, StringComparison.Ordinal);

    private readonly record struct Candidate(int Score, int NameScore, int Source, int Destination)
    {
        public static Candidate None { get; } = new(0, 0, -1, -1);
    }

    /// <summary>git's score_compare: empty slots last, then higher score, then same base name first.</summary>
    private sealed class CandidateOrder : IComparer<Candidate>
    {
        public static CandidateOrder Instance { get; } = new();

        public int Compare(Candidate a, Candidate b)
        {
            if (a.Destination < 0) return b.Destination >= 0 ? 1 : 0;
            if (b.Destination < 0) return -1;
            return a.Score == b.Score ? b.NameScore - a.NameScore : b.Score - a.Score;
        }
    }
}
