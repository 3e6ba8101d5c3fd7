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
}

/// <summary>A keyword parameter; an optional one may be left out.</summary>
public sealed record ApiParameter(string Name, bool Required = true);

public delegate Task<JsonNode?> ApiHandler(ApiArguments arguments, IServiceProvider services, CancellationToken cancellationToken);
