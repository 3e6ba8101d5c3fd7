using System.Xml;
using System.Xml.Linq;

namespace Saver.Storage.Blobs.Azure;

/// <summary>Reads the service's XML bodies without honouring any DTD they might carry.</summary>
internal static class ServiceXml
{
    private static readonly XmlReaderSettings Settings = new() { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };

    public static XElement ParseRoot(string xml)
    {
        using var reader = XmlReader.Create(new StringReader(xml), Settings);
        return XDocument.Load(reader).Root ?? throw new XmlException("The response has no root element.");
    }
}
