namespace Saver.Storage.Git;

/// <summary>
/// Where a repository converted from the single-blob form keeps its logs: the store knows
/// repositories, not what they hold, so whoever does (the katas) says. A repository created
/// anew is told its folder by its creator (<see cref="RepositoryStore.CreateAsync"/>).
/// </summary>
public interface IRepositoryLogFolders
{
    /// <summary>A blob name prefix ending in '/', or null for under the repository's own name.</summary>
    string? For(string name, RepositorySnapshot snapshot);
}
