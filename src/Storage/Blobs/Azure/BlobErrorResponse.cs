using System.Xml;
using System.Xml.Linq;

namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// Turns an unsuccessful blob service response into the typed <see cref="BlobStoreException"/>
/// callers of <see cref="IBlobStore"/> expect.
/// </summary>
internal static class BlobErrorResponse
{
    /// <summary>
    /// The Azure error code: the x-ms-error-code header (the only source on a HEAD, which has
    /// no body), else the body's &lt;Code&gt;, else a stand-in made from the status.
    /// </summary>
    public static string? ErrorCodeHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues(AzureHeaders.ErrorCode, out var values) ? values.FirstOrDefault() : null;

    public static async Task<BlobStoreException> ToExceptionAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var (bodyCode, bodyMessage, authenticationDetail) = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        var code = ErrorCodeHeader(response) ?? bodyCode ?? "Http" + status;

        var message = $"{operation} failed: {bodyMessage ?? response.ReasonPhrase ?? "no message"}";
        if (authenticationDetail is not null) message += " " + authenticationDetail;
        if (response.Headers.TryGetValues(AzureHeaders.RequestId, out var ids)) message += $" (request id {ids.FirstOrDefault()})";
        return BlobStoreException.From(status, code, message);
    }

    private static async Task<(string? Code, string? Message, string? AuthenticationDetail)> ReadBodyAsync(
        HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(body)) return (null, null, null);
        try
        {
            var error = XDocument.Parse(body).Root;
            if (error is null) return (null, null, null);
            // The service puts a second line "RequestId:…\nTime:…" into the message.
            var text = error.Element("Message")?.Value.Split('\n')[0].Trim();
            return (error.Element("Code")?.Value, text, error.Element("AuthenticationErrorDetail")?.Value);
        }
        catch (XmlException)
        {
            // Not the service talking (a proxy, a gateway): keep a little of what it said.
            return (null, body.Length > 200 ? body[..200] : body, null);
        }
    }
}
