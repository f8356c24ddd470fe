using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Conversations.Api.Http;

/// <summary>
/// Maps a route's minimal-API handler at <paramref name="pattern"/> for <paramref name="methods"/>.
/// Each route's mapping is a lambda that names its handler, so the compile-time request delegate
/// generator writes that handler's binding code into the assembly (and a published build compiles
/// it ahead of time); a handler passed as a <see cref="Delegate"/> value would instead be compiled
/// from expression trees when the endpoints are built, every route at start-up.
/// </summary>
public delegate RouteHandlerBuilder ApiRouteMapping(IEndpointRouteBuilder endpoints, string pattern, IEnumerable<string> methods);

/// <summary>
/// One route of the API: what both hosts map (the self-hosted server through endpoint routing, the
/// Functions app through one trigger per route). <see cref="Map"/> names a minimal-API handler: its
/// parameters say what it needs (the parsed request's parts, the caller, services, cancellation) and
/// its return type lists its typed results, from which the OpenAPI documents are generated.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, Dialect Dialect, ApiRouteMapping Map)
{
    /// <summary>One line for the API reference.</summary>
    public required string Summary { get; init; }

    /// <summary>The JSON body the route reads, for the API reference; null when it reads none.</summary>
    public Type? Body { get; init; }

    /// <summary>Maps the route's handler at its template and method.</summary>
    public RouteHandlerBuilder MapTo(IEndpointRouteBuilder endpoints) => Map(endpoints, "/" + Template, [Method]);
}
