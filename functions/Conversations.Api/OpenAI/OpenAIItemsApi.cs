using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using System.Text.Json;

namespace Conversations.Api.OpenAI;

/// <summary>The OpenAI-compatible / Azure AI Foundry conversation items: create (1 to 20), list, retrieve, delete.</summary>
public static class OpenAIItemsApi
{
    public static async Task<Results<Ok<OpenAIItemList>, OpenAIErrorResult>> CreateAsync(
        [AsParameters] OpenAIItemsRoute route, JsonBody body, ApiCaller caller, IConversationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (body.Required is { } problem)
        {
            return OpenAIErrors.Body(problem);
        }

        if (!OpenAIItemRequests.TryItems(body.Root, required: true, out var items, out var error)
            || !OpenAIRequests.TryReadScope(caller, route.IsolationKey, out var scope, out error))
        {
            return error;
        }

        if (await store.FindConversationKeyAsync(scope, route.ConversationId, cancellationToken) is not { } conversation)
        {
            return OpenAIErrors.ConversationNotFound(route.ConversationId);
        }

        var now = time.NowToTheMillisecond();
        var stamped = OpenAIItemRequests.Stamp(conversation, items, now);
        return await store.AddItemsAsync(conversation, stamped, now, cancellationToken)
            ? TypedResults.Ok(OpenAIItemList.Of(new Page<ConversationItem>(stamped, false)))
            : OpenAIErrors.ConversationNotFound(route.ConversationId);
    }

    public static async Task<Results<JsonOk<OpenAIItemList>, OpenAIErrorResult>> ListAsync(
        [AsParameters] OpenAIListItemsQuery query, ApiCaller caller, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!query.TryParse(out var limit, out var descending, out var error) || !OpenAIRequests.TryReadScope(caller, query.IsolationKey, out var scope, out error))
        {
            return error;
        }

        if (await store.FindConversationKeyAsync(scope, query.ConversationId, cancellationToken) is not { } conversation)
        {
            return OpenAIErrors.ConversationNotFound(query.ConversationId);
        }

        KeysetPosition? after = null;
        if (QueryRules.Given(query.After) is { } afterId)
        {
            // The SDKs send the previous page's last_id: the item is looked up in this conversation.
            var anchor = ItemIds.IsWellFormedItem(afterId) ? await store.FindItemAsync(conversation, afterId, cancellationToken) : null;
            if (anchor is null)
            {
                return OpenAIErrors.ItemNotFound(afterId, "after");
            }

            after = KeysetPosition.Of(anchor);
        }

        var page = await store.ListItemsAsync(new ItemQuery(conversation, descending, limit, after), cancellationToken);
        return JsonOk.Of(OpenAIItemList.Of(page), OpenAIJsonContext.Default.OpenAIItemList);
    }

    public static async Task<Results<Ok<JsonElement>, OpenAIErrorResult>> GetAsync(
        [AsParameters] OpenAIItemRoute route, ApiCaller caller, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!OpenAIRequests.TryReadScope(caller, route.IsolationKey, out var scope, out var error))
        {
            return error;
        }

        if (await store.FindConversationKeyAsync(scope, route.ConversationId, cancellationToken) is not { } conversation)
        {
            return OpenAIErrors.ConversationNotFound(route.ConversationId);
        }

        var item = ItemIds.IsWellFormedItem(route.ItemId) ? await store.FindItemAsync(conversation, route.ItemId, cancellationToken) : null;
        return item is null ? OpenAIErrors.ItemNotFound(route.ItemId) : TypedResults.Ok(OpenAIItem.From(item));
    }

    /// <summary>Deletes an item and answers the conversation it was deleted from, as OpenAI does.</summary>
    public static async Task<Results<Ok<OpenAIConversation>, OpenAIErrorResult>> DeleteAsync(
        [AsParameters] OpenAIItemRoute route, ApiCaller caller, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!OpenAIRequests.TryReadScope(caller, route.IsolationKey, out var scope, out var error))
        {
            return error;
        }

        var conversation = ItemIds.IsWellFormed(route.ConversationId) ? await store.FindConversationAsync(scope, route.ConversationId, cancellationToken) : null;
        if (conversation is null)
        {
            return OpenAIErrors.ConversationNotFound(route.ConversationId);
        }

        var key = new ConversationKey(conversation.TenantId, conversation.UserId, conversation.Id);
        return ItemIds.IsWellFormedItem(route.ItemId) && await store.DeleteItemAsync(key, route.ItemId, cancellationToken)
            ? TypedResults.Ok(OpenAIConversation.From(conversation))
            : OpenAIErrors.ItemNotFound(route.ItemId);
    }
}
