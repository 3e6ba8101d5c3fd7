using Saver.Functions.Hosting;
using Saver.Storage.Clusters;
using Saver.Storage.Forks;
using Saver.Storage.Groups;
using Saver.Storage.Katas;
using Saver.Storage.Katas.Archives;
using Saver.Storage.Migration;

namespace Saver.Functions.Api;

/// <summary>
/// What the API's handlers call, given to each handler as a parameter: the domain services,
/// taken once through this constructor, so no handler looks a service up per request.
/// </summary>
public sealed class ApiServices(
    KataService katas, GroupService groups, ClusterService clusters, IdChain idChain,
    KataDiffs diffs, KataGitDiff gitDiff, KataDownload downloads, KataArchive archives, KataForks forks,
    KataMigration kataMigration, GroupMigration groupMigration, ScheduledDownloadsJob scheduledDownloads,
    ReadinessProbe readiness, CommitSha commitSha, TimeProvider time)
{
    public KataService Katas { get; } = katas;
    public GroupService Groups { get; } = groups;
    public ClusterService Clusters { get; } = clusters;
    public IdChain IdChain { get; } = idChain;
    public KataDiffs Diffs { get; } = diffs;
    public KataGitDiff GitDiff { get; } = gitDiff;
    public KataDownload Downloads { get; } = downloads;
    public KataArchive Archives { get; } = archives;
    public KataForks Forks { get; } = forks;
    public KataMigration KataMigration { get; } = kataMigration;
    public GroupMigration GroupMigration { get; } = groupMigration;
    public ScheduledDownloadsJob ScheduledDownloads { get; } = scheduledDownloads;
    public ReadinessProbe Readiness { get; } = readiness;
    public CommitSha CommitSha { get; } = commitSha;
    public TimeProvider Time { get; } = time;
}
