using System.Globalization;
using System.Text;

namespace Saver.Storage.Import;

/// <summary>What an import found and did.</summary>
/// <param name="KatasByFormat">Katas by format (0, 1 or 2).</param>
/// <param name="GroupsByFormat">Groups by format (0, 1 or 2).</param>
/// <param name="Clusters">Clusters.</param>
/// <param name="BlobsCreated">Blobs this import created.</param>
/// <param name="BlobsAlreadyPresent">Blobs left as they were because they existed already (imported before, or written since).</param>
/// <param name="Skipped">Files and folders that are no entity of the original's layout, left out.</param>
public sealed record ImportSummary(
    IReadOnlyDictionary<int, int> KatasByFormat,
    IReadOnlyDictionary<int, int> GroupsByFormat,
    int Clusters,
    int BlobsCreated,
    int BlobsAlreadyPresent,
    int Skipped)
{
    public int Katas => KatasByFormat.Values.Sum();

    public int Groups => GroupsByFormat.Values.Sum();

    /// <summary>For instance "195 katas (65 format 0, 67 format 1, 63 format 2), 7 groups (…), 0 clusters; 1020 blobs created, 0 already present, 0 entries skipped".</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{Katas} katas{ByFormat(KatasByFormat)}, {Groups} groups{ByFormat(GroupsByFormat)}, {Clusters} clusters; ");
        text.Append(CultureInfo.InvariantCulture, $"{BlobsCreated} blobs created, {BlobsAlreadyPresent} already present, {Skipped} entries skipped");
        return text.ToString();
    }

    private static string ByFormat(IReadOnlyDictionary<int, int> counts) =>
        counts.Count == 0 ? "" : " (" + string.Join(", ", counts.OrderBy(c => c.Key).Select(c => $"{c.Value} format {c.Key}")) + ")";
}
