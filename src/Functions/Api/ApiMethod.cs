using System.Text.Json.Nodes;

namespace Saver.Functions.Api;

/// <summary>
/// One method of the saver API: its name (the route is "/" + the name without a trailing
/// '?'), its HTTP verb, its Ruby-style keyword parameters, and the function that runs it.
/// </summary>
public sealed record ApiMethod(string Name, string Verb, IReadOnlyList<ApiParameter> Parameters, ApiHandler Handler)
{
    public string Route => "/" + Name.TrimEnd('?');

    /// <summary>The Azure Functions function name: the route without '/' (function names cannot have '?').</summary>
    public string FunctionName => Name.TrimEnd('?');

    /// <summary>
    /// An older signature of the method that calls fitting it are served by instead (the
    /// classic writes of docs/api.md §6), or null.
    /// </summary>
    public ApiAlternative? Alternative { get; init; }

    /// <summary>
    /// For a method that answers with a file (streamed, not wrapped in JSON), how it makes
    /// that file; <see cref="Handler"/> is then not called. Errors are JSON all the same.
    /// </summary>
    public ApiFileAnswer? File { get; init; }

    /// <summary>Whether a call may also come as a gzip'd tar (a prepacked kata write, <see cref="PrepackedArguments"/>).</summary>
    public bool AcceptsPrepacked { get; init; }

    /// <summary>The keywords a call with these arguments is checked against.</summary>
    public IReadOnlyList<ApiParameter> ParametersFor(JsonObject arguments) =>
        Alternative is { } alternative && alternative.AppliesTo(arguments) ? alternative.Parameters : Parameters;

    /// <summary>The handler that serves a call with these (checked) arguments.</summary>
    public ApiHandler HandlerFor(JsonObject arguments) =>
        Alternative is { } alternative && alternative.AppliesTo(arguments) ? alternative.Handler : Handler;
}

/// <summary>A keyword parameter; an optional one may be left out.</summary>
public sealed record ApiParameter(string Name, bool Required = true);

/// <summary>A second signature of a method, chosen by the keywords a call carries.</summary>
public sealed record ApiAlternative(Func<JsonObject, bool> AppliesTo, IReadOnlyList<ApiParameter> Parameters, ApiHandler Handler);

public delegate Task<JsonNode?> ApiHandler(ApiArguments arguments, ApiServices services, CancellationToken cancellationToken);
