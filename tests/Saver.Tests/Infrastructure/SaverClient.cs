using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Saver.Tests.Infrastructure;

/// <summary>Calls the saver API as a web server would: JSON bodies, answers parsed.</summary>
public sealed class SaverClient(HttpClient http)
{
    public HttpClient Http { get; } = http;

    public Task<ApiAnswer> GetAsync(string method, JsonObject? arguments = null) => SendAsync(HttpMethod.Get, method, arguments);

    public Task<ApiAnswer> PostAsync(string method, JsonObject? arguments = null) => SendAsync(HttpMethod.Post, method, arguments);

    public async Task<ApiAnswer> SendAsync(HttpMethod verb, string path, JsonObject? arguments)
    {
        using var request = new HttpRequestMessage(verb, "/" + path);
        if (arguments is not null)
            request.Content = new StringContent(arguments.ToJsonString(), Encoding.UTF8, "application/json");
        return await SendAsync(request);
    }

    public async Task<ApiAnswer> SendRawAsync(HttpMethod verb, string pathAndQuery, string? body = null, string? accept = null)
    {
        using var request = new HttpRequestMessage(verb, pathAndQuery);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        if (accept is not null) request.Headers.TryAddWithoutValidation("Accept", accept);
        return await SendAsync(request);
    }

    private async Task<ApiAnswer> SendAsync(HttpRequestMessage request)
    {
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiAnswer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, text)
        {
            RetryAfter = response.Headers.RetryAfter?.Delta,
        };
    }

    /// <summary>The result of a call that must succeed: the value under the method's name.</summary>
    public async Task<JsonNode?> CallAsync(HttpMethod verb, string method, JsonObject? arguments = null)
    {
        var answer = await SendAsync(verb, method.TrimEnd('?'), arguments);
        Assert.True(answer.Status == HttpStatusCode.OK, $"{method} answered {(int)answer.Status}: {answer.Text}");
        var body = Assert.IsType<JsonObject>(answer.Json);
        Assert.True(body.ContainsKey(method), $"{method} answer has no '{method}' key: {answer.Text}");
        return body[method];
    }

    public Task<JsonNode?> ReadAsync(string method, JsonObject? arguments = null) => CallAsync(HttpMethod.Get, method, arguments);

    public Task<JsonNode?> WriteAsync(string method, JsonObject? arguments = null) => CallAsync(HttpMethod.Post, method, arguments);
}

public sealed record ApiAnswer(HttpStatusCode Status, string? ContentType, string Text)
{
    public JsonNode? Json => JsonNode.Parse(Text);

    /// <summary>The answer's Retry-After header, when it has one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>The message of an error answer.</summary>
    public string? Exception => (Json as JsonObject)?["exception"]?.GetValue<string>();
}
