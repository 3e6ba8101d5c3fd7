namespace Saver.Benchmarks.Suites;

/// <summary>What a benchmark measures, in the words of the results table; the baseline is the one the others are compared with.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class ScenarioAttribute(string title) : Attribute
{
    public string Title { get; } = title;

    /// <summary>The re-creation of the original's disk + git way: every other scenario's ratio is to this one's mean.</summary>
    public bool IsBaseline { get; init; }

    /// <summary>What one operation is: "event" for a saved kata_ran_tests, "read" for a read.</summary>
    public string Unit { get; init; } = "event";
}
