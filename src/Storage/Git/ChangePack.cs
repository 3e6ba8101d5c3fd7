using LibGit2Sharp;
using Saver.Storage.Git.Packs;

namespace Saver.Storage.Git;

/// <summary>
/// The pack a change stores: every object the new commits brought, and nothing a reader of
/// the state before them already has. Main only ever moves forward, so the new commits are
/// those between the old main and the new, and each one's new objects are what differs from
/// its parent, path by path. A file, events.json or a tree at a path its parent also had is
/// stored as a delta against the parent's version (a thin pack), so a save costs its change,
/// not the size of what it touches.
/// </summary>
internal static class ChangePack
{
    /// <param name="from">Main before the change; null when the repository was empty.</param>
    /// <param name="to">Main after it.</param>
    /// <param name="read">An object's raw bytes, wherever the repository keeps it.</param>
    public static BuiltChangePack Build(Repository repo, Func<ObjectId, RawObject> read, ObjectId? from, ObjectId to)
    {
        var pack = new PackWriter();
        var objectBytes = 0L;
        foreach (var (id, deltaBase) in NewObjects(repo, from, to))
        {
            var raw = read(id);
            pack.Add(id, raw, deltaBase is null ? null : (deltaBase, read(deltaBase).Data));
            objectBytes += raw.Data.Length;
        }
        return new BuiltChangePack(pack.ToArray(), objectBytes);
    }

    /// <summary>
    /// The objects the commits after <paramref name="from"/> up to <paramref name="to"/>
    /// brought, in an order where a base comes before what is stored against it, each with the
    /// object at the same path in its parent commit (a good delta base) when there is one.
    /// </summary>
    public static List<(ObjectId Id, ObjectId? DeltaBase)> NewObjects(Repository repo, ObjectId? from, ObjectId to)
    {
        var commits = new List<Commit>();
        for (var commit = repo.Lookup<Commit>(to); commit is not null && commit.Id != from; commit = commit.Parents.FirstOrDefault())
            commits.Add(commit);
        if (from is not null && (commits.Count == 0 || commits[^1].Parents.FirstOrDefault()?.Id != from))
            throw new SaverException($"commit {to} does not follow {from}: main may only move forward");

        var objects = new List<(ObjectId, ObjectId?)>();
        var seen = new HashSet<ObjectId>();
        commits.Reverse();
        foreach (var commit in commits)
        {
            if (seen.Add(commit.Id)) objects.Add((commit.Id, null));
            AddTree(objects, seen, commit.Tree, commit.Parents.FirstOrDefault()?.Tree);
        }
        return objects;
    }

    /// <summary>Adds a tree that is not its parent's, and what in it differs from the parent's.</summary>
    private static void AddTree(List<(ObjectId, ObjectId?)> objects, HashSet<ObjectId> seen, Tree tree, Tree? parent)
    {
        if (parent is not null && tree.Id == parent.Id) return;
        if (seen.Add(tree.Id)) objects.Add((tree.Id, parent?.Id));
        foreach (var entry in tree)
        {
            var before = parent?[entry.Name];
            if (before is not null && before.Target.Id == entry.Target.Id) continue;
            switch (entry.Target)
            {
                case Tree subtree:
                    AddTree(objects, seen, subtree, before?.Target as Tree);
                    break;
                case Blob blob when seen.Add(blob.Id):
                    objects.Add((blob.Id, (before?.Target as Blob)?.Id));
                    break;
            }
        }
    }
}

/// <param name="Pack">The pack's bytes.</param>
/// <param name="ObjectBytes">The bytes of its objects, whole: what a reader rebuilds and hashes to load it.</param>
internal readonly record struct BuiltChangePack(byte[] Pack, long ObjectBytes);
