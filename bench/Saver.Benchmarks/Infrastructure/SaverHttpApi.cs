using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Saver.Benchmarks.Workload;

namespace Saver.Benchmarks.Infrastructure;

/// <summary>
/// The saver API as the cyber-dojo web server calls it: JSON bodies, GET for reads and POST
/// for writes. Any answer but 200 fails the benchmark, so a broken scenario cannot pass for a fast one.
/// </summary>
public sealed class SaverHttpApi(HttpClient http) : IDisposable
{
    /// <summary>Calls <paramref name="method"/> and returns the answer's body, unparsed.</summary>
    public async Task<string> CallAsync(HttpMethod verb, string method, JsonObject arguments, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(verb, "/" + method.TrimEnd('?'))
        {
            Content = new StringContent(arguments.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.OK || !text.StartsWith($"{{\"{method}\":", StringComparison.Ordinal))
            throw new InvalidOperationException($"{method} answered {(int)response.StatusCode}: {text}");
        return text;
    }

    /// <summary>Calls <paramref name="method"/> and returns its result: the value under the method's name.</summary>
    public async Task<JsonNode?> ResultAsync(HttpMethod verb, string method, JsonObject arguments, CancellationToken cancellationToken)
    {
        var text = await CallAsync(verb, method, arguments, cancellationToken).ConfigureAwait(false);
        return JsonNode.Parse(text)![method];
    }

    public async Task<string> CreateKataAsync(JsonObject manifest, CancellationToken cancellationToken) =>
        (await ResultAsync(HttpMethod.Post, "kata_create", new JsonObject { ["manifest"] = manifest }, cancellationToken)
            .ConfigureAwait(false))?.GetValue<string>()
        ?? throw new InvalidOperationException("kata_create found no free id");

    /// <summary>The browser's next run of the tests, with an edit (two events).</summary>
    public Task<string> RanTestsAsync(string kataId, BrowserSession browser, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, "kata_ran_tests", browser.Next(edited: true).Arguments(kataId), cancellationToken);

    public async Task<int> EventCountAsync(string kataId, CancellationToken cancellationToken) =>
        (await ResultAsync(HttpMethod.Get, "kata_events", new JsonObject { ["id"] = kataId }, cancellationToken).ConfigureAwait(false))!
            .AsArray().Count;

    public void Dispose() => http.Dispose();
}
