using Microsoft.Extensions.Options;
using NCrontab;
using Saver.Storage.Blobs.Azure;

namespace Saver.Functions.Hosting;

/// <summary>
/// Checks the "Saver" settings when the app starts (ValidateOnStart), so a wrong value stops
/// it with a message naming the setting, rather than failing the first request that needs it.
/// </summary>
public sealed class SaverOptionsValidator : IValidateOptions<SaverOptions>
{
    public ValidateOptionsResult Validate(string? name, SaverOptions options)
    {
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static IEnumerable<string> Problems(SaverOptions o)
    {
        const string S = SaverOptions.Section + ":";
        var store = o.Store.ToLowerInvariant();
        if (store is not ("local" or "azure" or "memory"))
            yield return $"{S}Store is '{o.Store}'; it must be 'local', 'azure' or 'memory'.";
        if (store == "local" && string.IsNullOrWhiteSpace(o.DataDirectory))
            yield return $"{S}DataDirectory is empty; the local store needs a folder.";
        if (store == "azure")
        {
            var hasConnectionString = !string.IsNullOrWhiteSpace(o.BlobConnectionString);
            if (hasConnectionString && o.BlobServiceUri is not null)
                yield return $"{S}BlobConnectionString and {S}BlobServiceUri are both set; give one (a connection string, or an endpoint reached with managed identity).";
            else if (!hasConnectionString && o.BlobServiceUri is null)
                yield return $"{S}Store is 'azure' but none of {S}BlobConnectionString, {S}BlobServiceUri and AzureWebJobsStorage is set.";
            if (o.BlobServiceUri is { IsAbsoluteUri: false } || o.BlobServiceUri is { Scheme: not ("https" or "http") })
                yield return $"{S}BlobServiceUri '{o.BlobServiceUri}' is not an http(s) address.";
            if (!AzureBlobStoreOptions.IsValidContainerName(o.Container))
                yield return $"{S}Container '{o.Container}' is not a container name (3-63 lowercase letters, digits and single hyphens).";
            if (!AzureBlobStoreOptions.IsValidContainerName(o.ArchiveContainer))
                yield return $"{S}ArchiveContainer '{o.ArchiveContainer}' is not a container name (3-63 lowercase letters, digits and single hyphens).";
        }
        if (o.LeaseSeconds is < 15 or > 60)
            yield return $"{S}LeaseSeconds is {o.LeaseSeconds}; it must be 15..60 (the lease durations Azure grants).";
        if (o.LeaseWaitSeconds < 0)
            yield return $"{S}LeaseWaitSeconds is {o.LeaseWaitSeconds}; it cannot be negative.";
        if (o.CacheMegabytes < 1)
            yield return $"{S}CacheMegabytes is {o.CacheMegabytes}; it must be at least 1.";
        if (o.CompactAfterRecords < 2)
            yield return $"{S}CompactAfterRecords is {o.CompactAfterRecords}; it must be at least 2.";
        if (o.CompactAfterTailMegabytes < 1)
            yield return $"{S}CompactAfterTailMegabytes is {o.CompactAfterTailMegabytes}; it must be at least 1.";
        if (o.MaxRequestBodyBytes < 1024)
            yield return $"{S}MaxRequestBodyBytes is {o.MaxRequestBodyBytes}; it must be at least 1024.";
        if (o.MaxFiles < 1)
            yield return $"{S}MaxFiles is {o.MaxFiles}; it must be at least 1.";
        if (o.MaxFileBytes < 1)
            yield return $"{S}MaxFileBytes is {o.MaxFileBytes}; it must be at least 1.";

        var downloads = o.ScheduledDownloads;
        if (downloads.MaxRunSeconds < 0)
            yield return $"{ScheduledDownloadsSettings.Section}:MaxRunSeconds is {downloads.MaxRunSeconds}; it cannot be negative.";
        if (downloads.ListPageSize is < 1 or > 5000)
            yield return $"{ScheduledDownloadsSettings.Section}:ListPageSize is {downloads.ListPageSize}; it must be 1..5000.";
        if (ScheduleProblem(downloads.Schedule) is { } schedule)
            yield return $"{ScheduledDownloadsSettings.Section}:Schedule '{downloads.Schedule}' is not an NCRONTAB schedule with seconds ({schedule}).";

        if (o.Import.Parallelism < 1)
            yield return $"{S}Import:Parallelism is {o.Import.Parallelism}; it must be at least 1.";
    }

    private static string? ScheduleProblem(string? schedule)
    {
        if (string.IsNullOrWhiteSpace(schedule)) return null;
        var parsed = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        return parsed is null ? "six fields: second minute hour day month weekday" : null;
    }
}
