using Saver.Storage.Blobs.Azure;

namespace Saver.Tests.Blobs.Azure;

public class BlobConnectionStringTests
{
    private const string Key = BlobConnectionString.DevelopmentAccountKey;

    [Theory]
    [InlineData("UseDevelopmentStorage=true")]
    [InlineData("usedevelopmentstorage=True;")]
    [InlineData(" UseDevelopmentStorage = true ; ")]
    public void Development_storage_is_azurites_well_known_account(string connectionString)
    {
        var parsed = BlobConnectionString.Parse(connectionString);

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(Convert.FromBase64String(Key), parsed.AccountKey.ToArray());
        Assert.Equal(new Uri("http://127.0.0.1:10000/devstoreaccount1"), parsed.BlobEndpoint);
    }

    [Fact]
    public void Development_storage_can_go_through_a_proxy_host()
    {
        var parsed = BlobConnectionString.Parse("UseDevelopmentStorage=true;DevelopmentStorageProxyUri=http://azurite.local");

        Assert.Equal(new Uri("http://azurite.local:10000/devstoreaccount1"), parsed.BlobEndpoint);
    }

    [Fact]
    public void The_explicit_form_takes_its_blob_endpoint_as_given()
    {
        var parsed = BlobConnectionString.Parse(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Key};BlobEndpoint=http://127.0.0.1:41234/devstoreaccount1/;");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:41234/devstoreaccount1"), parsed.BlobEndpoint);
    }

    [Theory]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=AQID", "https://acct.blob.core.windows.net/")]
    [InlineData("defaultendpointsprotocol=HTTP;ACCOUNTNAME=acct;accountkey=AQID;", "http://acct.blob.core.windows.net/")]
    [InlineData("AccountName=acct;AccountKey=AQID", "https://acct.blob.core.windows.net/")]
    [InlineData("DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=AQID;EndpointSuffix=core.chinacloudapi.cn", "https://acct.blob.core.chinacloudapi.cn/")]
    public void Without_a_blob_endpoint_it_is_made_from_protocol_account_and_suffix(string connectionString, string expected)
    {
        var parsed = BlobConnectionString.Parse(connectionString);

        Assert.Equal("acct", parsed.AccountName);
        Assert.Equal(new byte[] { 1, 2, 3 }, parsed.AccountKey.ToArray());
        Assert.Equal(new Uri(expected), parsed.BlobEndpoint);
    }

    [Fact]
    public void Settings_of_other_services_are_ignored()
    {
        var parsed = BlobConnectionString.Parse(
            "AccountName=acct;AccountKey=AQID;QueueEndpoint=https://q.example;TableEndpoint=https://t.example");

        Assert.Equal(new Uri("https://acct.blob.core.windows.net"), parsed.BlobEndpoint);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("AccountName=acct", "AccountKey is missing")]
    [InlineData("AccountKey=AQID", "AccountName is missing")]
    [InlineData("AccountName=acct;AccountKey=not base64!", "AccountKey is not valid base64")]
    [InlineData("AccountName=acct;AccountKey=AQID;BlobEndpoint=/relative", "BlobEndpoint")]
    [InlineData("AccountName=acct;AccountKey=AQID;BlobEndpoint=ftp://host/x", "BlobEndpoint")]
    [InlineData("AccountName=acct;AccountKey=AQID;DefaultEndpointsProtocol=gopher", "DefaultEndpointsProtocol")]
    [InlineData("AccountName=acct;AccountKey=AQID;AcountKey=AQID", "Unknown setting 'AcountKey'")]
    [InlineData("AccountName=acct;AccountName=other;AccountKey=AQID", "AccountName is given more than once")]
    [InlineData("AccountName=acct;justtext;AccountKey=AQID", "Setting 2 is not of the form Name=Value")]
    [InlineData("AccountName=acct;AccountKey=", "AccountKey has no value")]
    [InlineData("AccountName=acct;SharedAccessSignature=sv=2020&sig=x", "SharedAccessSignature is not supported")]
    [InlineData("UseDevelopmentStorage=false", "UseDevelopmentStorage must be 'true'")]
    [InlineData("UseDevelopmentStorage=true;AccountName=acct", "cannot be combined with AccountName")]
    public void Bad_input_is_an_argument_exception_that_says_what_is_wrong(string connectionString, string expectedWords)
    {
        var error = Assert.Throws<ArgumentException>(() => BlobConnectionString.Parse(connectionString));

        Assert.Contains(expectedWords, error.Message);
    }

    [Fact]
    public void Errors_and_text_never_echo_the_key()
    {
        const string secretLookingKey = "c2VjcmV0LWtleS12YWx1ZQ==";
        var mistyped = Assert.Throws<ArgumentException>(() =>
            BlobConnectionString.Parse($"AccountName=acct;AccountKey={secretLookingKey}!!;BlobEndpoint=http://x"));
        var parsed = BlobConnectionString.Parse($"AccountName=acct;AccountKey={secretLookingKey}");

        Assert.DoesNotContain("c2VjcmV0", mistyped.Message);
        Assert.DoesNotContain("c2VjcmV0", parsed.ToString());
    }
}
