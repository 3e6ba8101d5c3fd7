using System.Text.Json.Nodes;

namespace Saver.Storage.Forks;

/// <summary>How many katas (kata_fork) and groups (group_fork) were forked from one content.</summary>
public sealed record ForkCount(int Katas, int Groups)
{
    public static ForkCount None { get; } = new(0, 0);

    /// <summary><c>{"katas":n,"groups":m}</c>.</summary>
    public JsonObject ToJson() => new() { ["katas"] = Katas, ["groups"] = Groups };
}
