using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Conversations.Functions;

/// <summary>The Dify routes as HTTP triggers: each runs the route table entry the server maps too.</summary>
public sealed class DifyFunctions(FunctionEndpoints endpoints)
{
    [Function(nameof(ApiRoutes.DifyListConversations))]
    public Task ListConversations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.DifyConversations)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.DifyListConversations);

    [Function(nameof(ApiRoutes.DifyCreateConversation))]
    public Task CreateConversation([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.DifyConversations)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.DifyCreateConversation);

    [Function(nameof(ApiRoutes.DifyRenameConversation))]
    public Task RenameConversation([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.DifyConversationName)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.DifyRenameConversation);

    [Function(nameof(ApiRoutes.DifyDeleteConversation))]
    public Task DeleteConversation([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = RouteTemplates.DifyConversationById)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.DifyDeleteConversation);

    [Function(nameof(ApiRoutes.DifyListVariables))]
    public Task ListVariables([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.DifyVariables)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.DifyListVariables);

    [Function(nameof(ApiRoutes.DifyCreateVariable))]
    public Task CreateVariable([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = RouteTemplates.DifyVariables)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.DifyCreateVariable);

    [Function(nameof(ApiRoutes.DifyUpdateVariable))]
    public Task UpdateVariable([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = RouteTemplates.DifyVariableById)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.DifyUpdateVariable);

    [Function(nameof(ApiRoutes.DifyListMessages))]
    public Task ListMessages([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RouteTemplates.DifyMessages)] HttpRequest request) =>
        endpoints.RunAsync(request, ApiRoutes.DifyListMessages);
}
