using Conversations.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Conversations.Api.Composition;

/// <summary>Maps the route table onto endpoint routing (the self-hosted server's side).</summary>
public static class ConversationsApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// One endpoint per route, with the metadata the OpenAPI documents are made of: name, summary, the
    /// dialect as tag and document, the body it reads, and the route itself, which
    /// <see cref="UseApiPipeline"/> looks for to run <see cref="ApiPipeline"/> around it.
    /// </summary>
    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder endpoints)
    {
        foreach (var route in ApiRoutes.All)
        {
            var endpoint = route.MapTo(endpoints)
                .WithName(route.Name)
                .WithSummary(route.Summary)
                .WithTags(route.Dialect.Name)
                .WithGroupName(route.Dialect.DocumentName)
                .WithMetadata(route);
            if (route.Body is { } body)
            {
                endpoint.Accepts(body, isOptional: route.Method == HttpMethods.Delete, "application/json");
            }
        }

        return endpoints;
    }

    /// <summary>Runs <see cref="ApiPipeline"/> around every endpoint of the route table; after routing, before the endpoint.</summary>
    public static IApplicationBuilder UseApiPipeline(this IApplicationBuilder app) =>
        app.Use((context, next) => context.GetEndpoint()?.Metadata.GetMetadata<ApiRoute>() is { } route
            ? ApiPipeline.RunAsync(context, route, next)
            : next(context));
}
