using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace Conversations.Functions;

/// <summary>The OpenAI routes as HTTP triggers: each hands the request to the route table entry the server maps too.</summary>
public static class OpenAIFunctions
{
    [Function(nameof(ApiRoutes.OpenAIListConversations))]
    public static Task<IResult> ListConversations(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openai/v1/conversations")] HttpRequest req) =>
        ApiRoutes.OpenAIListConversations.HandleAsync(req, new RouteValueDictionary());

    [Function(nameof(ApiRoutes.OpenAICreateConversation))]
    public static Task<IResult> CreateConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "openai/v1/conversations")] HttpRequest req) =>
        ApiRoutes.OpenAICreateConversation.HandleAsync(req, new RouteValueDictionary());

    [Function(nameof(ApiRoutes.OpenAIGetConversation))]
    public static Task<IResult> GetConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openai/v1/conversations/{conversation_id}")] HttpRequest req, string conversation_id) =>
        ApiRoutes.OpenAIGetConversation.HandleAsync(req, new RouteValueDictionary { ["conversation_id"] = conversation_id });

    [Function(nameof(ApiRoutes.OpenAIUpdateConversation))]
    public static Task<IResult> UpdateConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "openai/v1/conversations/{conversation_id}")] HttpRequest req, string conversation_id) =>
        ApiRoutes.OpenAIUpdateConversation.HandleAsync(req, new RouteValueDictionary { ["conversation_id"] = conversation_id });

    [Function(nameof(ApiRoutes.OpenAIDeleteConversation))]
    public static Task<IResult> DeleteConversation(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "openai/v1/conversations/{conversation_id}")] HttpRequest req, string conversation_id) =>
        ApiRoutes.OpenAIDeleteConversation.HandleAsync(req, new RouteValueDictionary { ["conversation_id"] = conversation_id });
}
