namespace Saver.Storage.Blobs.Azure;

/// <summary>
/// Azurite's (and the old storage emulator's) fixed, public account, which the benchmark, the
/// tests and <c>run.sh --azurite</c> use against an Azurite of their own.
/// </summary>
public static class DevelopmentStorage
{
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>The explicit connection string of the account at <paramref name="blobEndpoint"/> (http://127.0.0.1:PORT/devstoreaccount1).</summary>
    public static string ConnectionString(Uri blobEndpoint) =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={blobEndpoint};";
}
