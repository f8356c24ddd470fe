using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Paging;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Conversations.Api.OpenAI;

/// <summary>The OpenAI-compatible / Azure AI Foundry Conversations API.</summary>
public static class OpenAIConversationsApi
{
    public static async Task<Results<JsonOk<OpenAIConversationList>, OpenAIErrorResult>> ListAsync(
        [AsParameters] OpenAIListConversationsQuery query, ApiCaller caller, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!query.TryParse(caller, out var request, out var error))
        {
            return error;
        }

        var list = new ConversationQuery(request.Scope, request.Sort, request.Filter, request.Limit, Fields: OpenAIConversation.Fields);
        Page<Conversation> page;
        if (request.Anchor is not { } anchorId)
        {
            page = await store.ListConversationsAsync(list, cancellationToken);
        }
        else
        {
            var anchor = ItemIds.IsWellFormed(anchorId)
                ? await store.PositionOfConversationAsync(request.Scope, anchorId, ConversationSortField.CreatedAt, cancellationToken)
                : null;
            if (anchor is null)
            {
                return OpenAIErrors.ConversationNotFound(anchorId, request.Before ? "before" : "after");
            }

            page = request.Before
                ? await store.ListConversationsBeforeAsync(list, anchor, cancellationToken)
                : await store.ListConversationsAsync(list with { After = anchor }, cancellationToken);
        }

        return JsonOk.Of(OpenAIConversationList.Of(page), OpenAIJsonContext.Default.OpenAIConversationList);
    }

    public static async Task<Results<Ok<OpenAIConversation>, OpenAIErrorResult>> CreateAsync(
        [AsParameters] OpenAIUserHeader header, JsonBody body, ApiCaller caller, IConversationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!OpenAIRequests.TryCreate(caller, header, body, out var request, out var error))
        {
            return error;
        }

        var now = time.NowToTheMillisecond();
        var conversation = new Conversation
        {
            Id = ItemIds.New(now),
            TenantId = caller.TenantId,
            UserId = request.UserId,
            Metadata = request.Metadata is null ? null : OpenAIMetadata.ToStored(request.Metadata),
            Agent = request.Agent,
            CreatedBy = request.UserId.Length == 0 ? null : request.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.CreateConversationAsync(conversation, cancellationToken);
        if (request.Items.Count > 0)
        {
            // The conversation is written first, its items after it: a failure between the two leaves
            // an empty conversation (a 503, so the client retries), never items without a conversation.
            var key = new ConversationKey(conversation.TenantId, conversation.UserId, conversation.Id);
            await store.AddItemsAsync(key, OpenAIItemRequests.Stamp(key, request.Items, now), now, cancellationToken);
        }

        return TypedResults.Ok(OpenAIConversation.From(conversation));
    }

    public static async Task<Results<Ok<OpenAIConversation>, OpenAIErrorResult>> GetAsync(
        [AsParameters] OpenAIConversationRoute route, ApiCaller caller, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!OpenAIRequests.TryReadScope(caller, route.IsolationKey, out var scope, out var error))
        {
            return error;
        }

        var conversation = ItemIds.IsWellFormed(route.ConversationId) ? await store.FindConversationAsync(scope, route.ConversationId, cancellationToken) : null;
        return conversation is null ? OpenAIErrors.ConversationNotFound(route.ConversationId) : TypedResults.Ok(OpenAIConversation.From(conversation));
    }

    /// <summary>Replaces the conversation's metadata, as OpenAI's update does.</summary>
    public static async Task<Results<Ok<OpenAIConversation>, OpenAIErrorResult>> UpdateAsync(
        [AsParameters] OpenAIConversationRoute route, JsonBody body, ApiCaller caller, IConversationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!OpenAIRequests.TryUpdate(body, out var metadata, out var error) || !OpenAIRequests.TryReadScope(caller, route.IsolationKey, out var scope, out error))
        {
            return error;
        }

        var changes = new ConversationChanges(time.NowToTheMillisecond()) { Metadata = new(OpenAIMetadata.ToStored(metadata)) };
        var updated = ItemIds.IsWellFormed(route.ConversationId) ? await store.UpdateConversationAsync(scope, route.ConversationId, changes, cancellationToken) : null;
        return updated is null ? OpenAIErrors.ConversationNotFound(route.ConversationId) : TypedResults.Ok(OpenAIConversation.From(updated));
    }

    public static async Task<Results<Ok<OpenAIConversationDeleted>, OpenAIErrorResult>> DeleteAsync(
        [AsParameters] OpenAIConversationRoute route, ApiCaller caller, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!OpenAIRequests.TryReadScope(caller, route.IsolationKey, out var scope, out var error))
        {
            return error;
        }

        return ItemIds.IsWellFormed(route.ConversationId) && await store.DeleteConversationAsync(scope, route.ConversationId, cancellationToken)
            ? TypedResults.Ok(OpenAIConversationDeleted.Of(route.ConversationId))
            : OpenAIErrors.ConversationNotFound(route.ConversationId);
    }
}
