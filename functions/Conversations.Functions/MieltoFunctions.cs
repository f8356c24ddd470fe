using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Conversations.Functions;

/// <summary>The Mielto routes as HTTP triggers: each runs the route table entry the server maps too.</summary>
public sealed class MieltoFunctions(FunctionEndpoints endpoints)
{
    [Function(nameof(ApiRoutes.MieltoListConversations))]
    public Task ListConversations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.MieltoConversations)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.MieltoListConversations);

    [Function(nameof(ApiRoutes.MieltoCreateConversation))]
    public Task CreateConversation([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.MieltoConversations)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.MieltoCreateConversation);

    [Function(nameof(ApiRoutes.MieltoGetConversation))]
    public Task GetConversation([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.MieltoConversationById)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.MieltoGetConversation);

    [Function(nameof(ApiRoutes.MieltoUpdateConversation))]
    public Task UpdateConversation([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = RouteTemplates.MieltoConversationById)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.MieltoUpdateConversation);

    [Function(nameof(ApiRoutes.MieltoDeleteConversation))]
    public Task DeleteConversation([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = RouteTemplates.MieltoConversationById)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.MieltoDeleteConversation);
}
