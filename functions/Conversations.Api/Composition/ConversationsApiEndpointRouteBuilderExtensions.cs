using Conversations.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Conversations.Api.Composition;

/// <summary>Maps the route table onto endpoint routing, one group per dialect (the Kestrel host's side).</summary>
public static class ConversationsApiEndpointRouteBuilderExtensions
{
    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder endpoints)
    {
        foreach (var dialect in ApiRoutes.All.GroupBy(r => r.Dialect))
        {
            var group = endpoints.MapGroup("").WithTags(dialect.Key.Name);
            foreach (var route in dialect)
            {
                Func<HttpContext, Task<IResult>> handler = context => route.HandleAsync(context.Request, context.Request.RouteValues);
                group.MapMethods("/" + route.Template, [route.Method], handler).WithName(route.Name);
            }
        }

        return endpoints;
    }
}
