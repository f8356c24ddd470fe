using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace Conversations.Functions;

/// <summary>The Dify routes as HTTP triggers: each hands the request to the route table entry the server maps too.</summary>
public static class DifyFunctions
{
    [Function(nameof(ApiRoutes.DifyListConversations))]
    public static Task<IResult> ListConversations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/conversations")] HttpRequest req) =>
        ApiRoutes.DifyListConversations.HandleAsync(req, new RouteValueDictionary());

    [Function(nameof(ApiRoutes.DifyCreateConversation))]
    public static Task<IResult> CreateConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/conversations")] HttpRequest req) =>
        ApiRoutes.DifyCreateConversation.HandleAsync(req, new RouteValueDictionary());

    [Function(nameof(ApiRoutes.DifyRenameConversation))]
    public static Task<IResult> RenameConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/conversations/{conversation_id}/name")] HttpRequest req, string conversation_id) =>
        ApiRoutes.DifyRenameConversation.HandleAsync(req, new RouteValueDictionary { ["conversation_id"] = conversation_id });

    [Function(nameof(ApiRoutes.DifyDeleteConversation))]
    public static Task<IResult> DeleteConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/conversations/{conversation_id}")] HttpRequest req, string conversation_id) =>
        ApiRoutes.DifyDeleteConversation.HandleAsync(req, new RouteValueDictionary { ["conversation_id"] = conversation_id });

    [Function(nameof(ApiRoutes.DifyListVariables))]
    public static Task<IResult> ListVariables(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/conversations/{conversation_id}/variables")] HttpRequest req, string conversation_id) =>
        ApiRoutes.DifyListVariables.HandleAsync(req, new RouteValueDictionary { ["conversation_id"] = conversation_id });

    [Function(nameof(ApiRoutes.DifyCreateVariable))]
    public static Task<IResult> CreateVariable(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/conversations/{conversation_id}/variables")] HttpRequest req, string conversation_id) =>
        ApiRoutes.DifyCreateVariable.HandleAsync(req, new RouteValueDictionary { ["conversation_id"] = conversation_id });

    [Function(nameof(ApiRoutes.DifyUpdateVariable))]
    public static Task<IResult> UpdateVariable(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "v1/conversations/{conversation_id}/variables/{variable_id}")] HttpRequest req, string conversation_id, string variable_id) =>
        ApiRoutes.DifyUpdateVariable.HandleAsync(req, new RouteValueDictionary { ["conversation_id"] = conversation_id, ["variable_id"] = variable_id });
}
