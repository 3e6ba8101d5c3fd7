using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace Saver.Storage.Blobs.Azure;

/// <summary>Reads the body of a "List Blobs" answer (an &lt;EnumerationResults&gt; document).</summary>
internal static class ListBlobsResponse
{
    public static BlobPage Parse(string xml)
    {
        var root = ServiceXml.ParseRoot(xml);
        var items = root.Element("Blobs")?.Elements("Blob").Select(ParseBlob).ToList() ?? [];
        var nextMarker = root.Element("NextMarker")?.Value;
        return new BlobPage(items, string.IsNullOrEmpty(nextMarker) ? null : nextMarker);
    }

    private static BlobItem ParseBlob(XElement blob)
    {
        var properties = blob.Element("Properties") ?? throw Malformed("a blob without Properties");
        return new BlobItem(
            Name(blob.Element("Name") ?? throw Malformed("a blob without a Name")),
            long.Parse(Required(properties, "Content-Length"), NumberStyles.None, CultureInfo.InvariantCulture),
            AzureETags.FromService(Required(properties, "Etag")),
            DateTimeOffset.ParseExact(Required(properties, "Last-Modified"), "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal));
    }

    private static string Name(XElement name) =>
        // Names holding characters XML cannot carry come percent-encoded, flagged Encoded="true".
        (string?)name.Attribute("Encoded") == "true" ? Uri.UnescapeDataString(name.Value) : name.Value;

    private static string Required(XElement properties, string element) =>
        properties.Element(element)?.Value ?? throw Malformed($"a blob without {element}");

    private static XmlException Malformed(string what) => new($"List Blobs answered {what}.");
}
