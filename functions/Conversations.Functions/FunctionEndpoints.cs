using System.Collections.Concurrent;
using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Conversations.Functions;

/// <summary>
/// Runs a route of the route table for a function invocation exactly as the self-hosted server runs
/// it: the same minimal-API request delegate (built once per route by the framework's
/// <see cref="RequestDelegateFactory"/>, so parameter binding and typed results are the framework's
/// own) inside the same <see cref="ApiPipeline"/>. Function routes are not ASP.NET Core endpoints, so
/// the route values are matched again here from the route's template.
/// </summary>
public sealed class FunctionEndpoints(IServiceProvider services)
{
    private readonly ConcurrentDictionary<string, RequestDelegate> _delegates = new(StringComparer.Ordinal);

    public Task RunAsync(HttpRequest request, ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(route);
        var values = new RouteValueDictionary();
        if (!new TemplateMatcher(route.ParsedTemplate, []).TryMatch(request.Path, values))
        {
            return ErrorPages.WriteAsync(request.HttpContext, StatusCodes.Status404NotFound);
        }

        request.RouteValues = values;
        var endpoint = _delegates.GetOrAdd(route.Name, _ => RequestDelegateFactory.Create(route.Handler, new RequestDelegateFactoryOptions
        {
            ServiceProvider = services,
            RouteParameterNames = route.ParsedTemplate.Parameters.Select(p => p.Name!).ToList(),
        }).RequestDelegate);
        return ApiPipeline.RunAsync(request.HttpContext, route, endpoint);
    }

    /// <summary>The answer for a request no function took: 405 when a route has the path under another method, else 404.</summary>
    public static Task AnswerUnmatchedAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pathIsKnown = ApiRoutes.All.Any(r => new TemplateMatcher(r.ParsedTemplate, []).TryMatch(request.Path, []));
        return ErrorPages.WriteAsync(request.HttpContext, pathIsKnown ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound);
    }
}
