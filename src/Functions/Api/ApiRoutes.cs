namespace Saver.Functions.Api;

/// <summary>The API's routes on the standalone host: one per method, its name as the path, and 404 for any other.</summary>
public static class ApiRoutes
{
    /// <summary>Maps every method to the one handler, taken from the app's services once, here.</summary>
    public static void MapSaverApi(this IEndpointRouteBuilder app, IEnumerable<ApiMethod> methods)
    {
        var handler = app.ServiceProvider.GetRequiredService<ApiRequestHandler>();
        foreach (var method in methods)
            app.Map(method.Route, (HttpContext context) => handler.HandleAsync(context, method)).WithName(method.FunctionName);
        app.MapFallback(ApiRequestHandler.WriteNoSuchMethodAsync);
    }
}
