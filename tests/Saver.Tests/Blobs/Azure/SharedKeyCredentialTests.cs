using System.Net.Http.Headers;
using System.Text;
using Saver.Storage.Blobs.Azure;

namespace Saver.Tests.Blobs.Azure;

/// <summary>
/// The signing vectors below were worked out by hand from the "Authorize with Shared Key"
/// rules and their HMACs computed independently (Python's hmac), not by this code.
/// </summary>
public class SharedKeyCredentialTests
{
    private const string Date = "Mon, 01 Jan 2024 00:00:00 GMT";

    private static SharedKeyCredential Credential() =>
        new(BlobConnectionString.DevelopmentAccountName, Convert.FromBase64String(BlobConnectionString.DevelopmentAccountKey));

    [Fact]
    public void A_put_signs_length_type_conditions_and_sorted_lowercased_x_ms_headers()
    {
        var request = new HttpRequestMessage(HttpMethod.Put,
            "http://127.0.0.1:10000/devstoreaccount1/my-container/dir/a%20b%C3%A9.txt")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes("hello world")),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Headers.TryAddWithoutValidation("If-Match", "\"0x8D0000000000001\"");
        request.Headers.TryAddWithoutValidation("x-ms-version", "2021-12-02");
        request.Headers.TryAddWithoutValidation("x-ms-date", Date);
        request.Headers.TryAddWithoutValidation("X-MS-Blob-Type", "BlockBlob");
        request.Headers.TryAddWithoutValidation("x-ms-lease-id", "11111111-2222-3333-4444-555555555555");
        request.Headers.TryAddWithoutValidation("x-ms-client-request-id", "req-1");

        Assert.Equal(
            "PUT\n\n\n11\n\napplication/octet-stream\n\n\n\"0x8D0000000000001\"\n\n\n\n" +
            "x-ms-blob-type:BlockBlob\nx-ms-client-request-id:req-1\nx-ms-date:" + Date + "\n" +
            "x-ms-lease-id:11111111-2222-3333-4444-555555555555\nx-ms-version:2021-12-02\n" +
            "/devstoreaccount1/devstoreaccount1/my-container/dir/a%20b%C3%A9.txt",
            Credential().BuildStringToSign(request));

        Credential().Sign(request);
        Assert.Equal("SharedKey devstoreaccount1:sSdFtFYKyMSODOpcV9cT4hR9OOb9TtGyBNlUPG6OtzI=", request.Headers.Authorization!.ToString());
    }

    [Fact]
    public void Query_parameters_are_lowercased_sorted_decoded_and_their_values_comma_joined()
    {
        var request = new HttpRequestMessage(HttpMethod.Get,
            "http://127.0.0.1:10000/devstoreaccount1/my-container?restype=container&comp=list&Prefix=a%2Fb%20c&include=metadata&include=deleted&maxresults=5");
        request.Headers.TryAddWithoutValidation("x-ms-version", "2021-12-02");
        request.Headers.TryAddWithoutValidation("x-ms-date", Date);

        Assert.Equal(
            "GET\n\n\n\n\n\n\n\n\n\n\n\nx-ms-date:" + Date + "\nx-ms-version:2021-12-02\n" +
            "/devstoreaccount1/devstoreaccount1/my-container\ncomp:list\ninclude:deleted,metadata\nmaxresults:5\nprefix:a/b c\nrestype:container",
            Credential().BuildStringToSign(request));
        Assert.Equal("bkded+nNLL8D5lmXJYDVl81RM4dJwVhXWeixObTKJXo=", Credential().ComputeSignature(Credential().BuildStringToSign(request)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_zero_content_length_is_signed_as_empty_like_no_content(bool withEmptyContent)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, "http://127.0.0.1:10000/devstoreaccount1/c/b?comp=lease");
        if (withEmptyContent) request.Content = new ByteArrayContent([]);
        request.Headers.TryAddWithoutValidation("x-ms-version", "2021-12-02");
        request.Headers.TryAddWithoutValidation("x-ms-date", Date);
        request.Headers.TryAddWithoutValidation("x-ms-lease-action", "acquire");
        request.Headers.TryAddWithoutValidation("x-ms-lease-duration", "15");

        Credential().Sign(request);

        Assert.Equal("SharedKey devstoreaccount1:Rft/QJNYZl1WHBXPCnM+oi3e4Dvt4ikEXki0/mxAJVg=", request.Headers.Authorization!.ToString());
    }

    [Fact]
    public void On_a_virtual_hosted_address_the_account_is_named_once()
    {
        var credential = new SharedKeyCredential("myaccount", [1, 2, 3]);
        var request = new HttpRequestMessage(HttpMethod.Head, "https://myaccount.blob.core.windows.net/mycontainer/a/b");

        Assert.EndsWith("\n/myaccount/mycontainer/a/b", credential.BuildStringToSign(request));
    }

    [Fact]
    public void Its_text_does_not_show_the_key()
    {
        Assert.DoesNotContain(BlobConnectionString.DevelopmentAccountKey, Credential().ToString());
    }
}
