namespace Saver.Storage.Externals;

/// <summary>
/// Randomness, behind an interface so tests can fix it (the original saver's "random"
/// external). Time comes from <see cref="TimeProvider"/> for the same reason.
/// </summary>
public interface IRandomSource
{
    /// <summary>A uniformly chosen integer in [0, maxExclusive).</summary>
    int Next(int maxExclusive);
}

public sealed class SystemRandomSource : IRandomSource
{
    public int Next(int maxExclusive) => Random.Shared.Next(maxExclusive);
}
