using Microsoft.AspNetCore.Routing.Template;

namespace Conversations.Api.Http;

/// <summary>
/// One route of the API: what both hosts map (the self-hosted server through endpoint routing, the
/// Functions app through one trigger per route). <see cref="Handler"/> is a minimal-API handler: its
/// parameters say what it needs (the parsed request's parts, the caller, services, cancellation) and
/// its return type lists its typed results, from which the OpenAPI documents are generated.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, Dialect Dialect, Delegate Handler)
{
    /// <summary>One line for the API reference.</summary>
    public required string Summary { get; init; }

    /// <summary>The JSON body the route reads, for the API reference; null when it reads none.</summary>
    public Type? Body { get; init; }

    /// <summary>The parsed template, for hosts that match paths themselves (the Functions app).</summary>
    public RouteTemplate ParsedTemplate { get; } = TemplateParser.Parse(Template);
}
