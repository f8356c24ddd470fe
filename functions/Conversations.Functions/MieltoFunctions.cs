using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace Conversations.Functions;

/// <summary>The Mielto routes as HTTP triggers: each hands the request to the route table entry the server maps too.</summary>
public static class MieltoFunctions
{
    [Function(nameof(ApiRoutes.MieltoListConversations))]
    public static Task<IResult> ListConversations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/conversations")] HttpRequest req) =>
        ApiRoutes.MieltoListConversations.HandleAsync(req, new RouteValueDictionary());

    [Function(nameof(ApiRoutes.MieltoCreateConversation))]
    public static Task<IResult> CreateConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "api/v1/conversations")] HttpRequest req) =>
        ApiRoutes.MieltoCreateConversation.HandleAsync(req, new RouteValueDictionary());

    [Function(nameof(ApiRoutes.MieltoGetConversation))]
    public static Task<IResult> GetConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/v1/conversations/{conversation_id}")] HttpRequest req, string conversation_id) =>
        ApiRoutes.MieltoGetConversation.HandleAsync(req, new RouteValueDictionary { ["conversation_id"] = conversation_id });

    [Function(nameof(ApiRoutes.MieltoUpdateConversation))]
    public static Task<IResult> UpdateConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "api/v1/conversations/{conversation_id}")] HttpRequest req, string conversation_id) =>
        ApiRoutes.MieltoUpdateConversation.HandleAsync(req, new RouteValueDictionary { ["conversation_id"] = conversation_id });

    [Function(nameof(ApiRoutes.MieltoDeleteConversation))]
    public static Task<IResult> DeleteConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "api/v1/conversations/{conversation_id}")] HttpRequest req, string conversation_id) =>
        ApiRoutes.MieltoDeleteConversation.HandleAsync(req, new RouteValueDictionary { ["conversation_id"] = conversation_id });
}
