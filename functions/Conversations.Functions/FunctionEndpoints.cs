using System.Collections.Concurrent;
using Conversations.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Conversations.Functions;

/// <summary>
/// Runs a route of the route table for a function invocation exactly as the self-hosted server runs
/// it: the same minimal-API request delegate (built once per route by endpoint routing from the
/// route's own mapping, so parameter binding and typed results are the framework's own) inside the
/// same <see cref="ApiPipeline"/>. Function routes are not ASP.NET Core endpoints, so the route
/// values are matched again here from the route's template.
/// </summary>
public sealed class FunctionEndpoints(IServiceProvider services)
{
    // Matchers of every route, built once: the unmatched answer asks all of them, each trigger its own.
    private static readonly Dictionary<string, TemplateMatcher> Matchers =
        ApiRoutes.All.ToDictionary(r => r.Name, r => new TemplateMatcher(TemplateParser.Parse(r.Template), []), StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, RequestDelegate> _delegates = new(StringComparer.Ordinal);

    public Task RunAsync(HttpRequest request, ApiRoute route)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(route);
        var values = new RouteValueDictionary();
        if (!Matchers[route.Name].TryMatch(request.Path, values))
        {
            return ErrorPages.WriteAsync(request.HttpContext, StatusCodes.Status404NotFound);
        }

        request.RouteValues = values;
        var endpoint = _delegates.GetOrAdd(route.Name, _ => RequestDelegateOf(route));
        return ApiPipeline.RunAsync(request.HttpContext, route, endpoint);
    }

    /// <summary>The route's request delegate, built by endpoint routing from the route's own mapping, as the server builds it.</summary>
    private RequestDelegate RequestDelegateOf(ApiRoute route)
    {
        var routes = new RouteCollector(services);
        route.MapTo(routes);
        return routes.DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().Single().RequestDelegate!;
    }

    /// <summary>The answer for a request no function took: 405 when a route has the path under another method, else 404.</summary>
    public static Task AnswerUnmatchedAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var pathIsKnown = Matchers.Values.Any(m => m.TryMatch(request.Path, []));
        return ErrorPages.WriteAsync(request.HttpContext, pathIsKnown ? StatusCodes.Status405MethodNotAllowed : StatusCodes.Status404NotFound);
    }

    /// <summary>Collects one route's endpoint; a function route is matched by the trigger, not by endpoint routing.</summary>
    private sealed class RouteCollector(IServiceProvider services) : IEndpointRouteBuilder
    {
        public IServiceProvider ServiceProvider => services;

        public ICollection<EndpointDataSource> DataSources { get; } = [];

        public IApplicationBuilder CreateApplicationBuilder() => throw new NotSupportedException("A function route has no middleware of its own.");
    }
}
