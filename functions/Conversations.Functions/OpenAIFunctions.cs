using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Conversations.Functions;

/// <summary>The OpenAI routes as HTTP triggers: each runs the route table entry the server maps too.</summary>
public sealed class OpenAIFunctions(FunctionEndpoints endpoints)
{
    [Function(nameof(ApiRoutes.OpenAIListConversations))]
    public Task ListConversations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.OpenAIConversations)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.OpenAIListConversations);

    [Function(nameof(ApiRoutes.OpenAICreateConversation))]
    public Task CreateConversation([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.OpenAIConversations)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.OpenAICreateConversation);

    [Function(nameof(ApiRoutes.OpenAIGetConversation))]
    public Task GetConversation([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.OpenAIConversationById)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.OpenAIGetConversation);

    [Function(nameof(ApiRoutes.OpenAIUpdateConversation))]
    public Task UpdateConversation([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.OpenAIConversationById)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.OpenAIUpdateConversation);

    [Function(nameof(ApiRoutes.OpenAIDeleteConversation))]
    public Task DeleteConversation([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = RouteTemplates.OpenAIConversationById)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.OpenAIDeleteConversation);

    [Function(nameof(ApiRoutes.OpenAICreateItems))]
    public Task CreateItems([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.OpenAIItems)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.OpenAICreateItems);

    [Function(nameof(ApiRoutes.OpenAIListItems))]
    public Task ListItems([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.OpenAIItems)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.OpenAIListItems);

    [Function(nameof(ApiRoutes.OpenAIGetItem))]
    public Task GetItem([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.OpenAIItemById)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.OpenAIGetItem);

    [Function(nameof(ApiRoutes.OpenAIDeleteItem))]
    public Task DeleteItem([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = RouteTemplates.OpenAIItemById)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.OpenAIDeleteItem);
}
