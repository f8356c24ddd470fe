using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Paging;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Conversations.Api.Mielto;

/// <summary>Mielto's conversations: a cursor-paged list over the workspace, and CRUD by id.</summary>
public static class MieltoConversationsApi
{
    public static async Task<Results<JsonOk<MieltoConversationList>, MieltoErrorResult>> ListAsync(
        [AsParameters] MieltoListConversationsQuery query, ApiCaller caller, CursorCodec codec, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!query.TryParse(caller, codec, out var request, out var error))
        {
            return error;
        }

        var page = await store.ListConversationsAsync(
            new ConversationQuery(request.Scope, request.Sort, request.Filter, request.Limit, request.After, MieltoConversation.Fields), cancellationToken);
        // A filtered scan that stopped at its cap resumes where it stopped, even after an empty page.
        var resume = page.ScanStoppedAt ?? (page.HasMore ? KeysetPosition.Of(page.Items[^1], request.Sort.Field) : null);
        var next = resume is null ? null : codec.Encode(resume, request.CursorBinding);
        return JsonOk.Of(MieltoConversationList.Of(page, next), MieltoJsonContext.Default.MieltoConversationList);
    }

    public static async Task<Results<Created<MieltoConversation>, MieltoErrorResult>> CreateAsync(
        [AsParameters] MieltoCreateQuery query, JsonBody body, ApiCaller caller, IConversationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.NowToTheMillisecond();
        if (!MieltoRequests.TryCreate(caller, query, body, now, out var request, out var error))
        {
            return error;
        }

        var conversation = request.Changes.ApplyTo(new Conversation
        {
            Id = ItemIds.New(now),
            TenantId = caller.TenantId,
            UserId = request.Scope.UserId ?? UserScope.Anonymous,
            // Attribution is the caller's to prove, not to claim: the user the write is scoped to.
            OwnerId = request.Scope.UserId,
            CreatedBy = request.Scope.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        });
        await store.CreateConversationAsync(conversation, cancellationToken);
        return TypedResults.Created((string?)null, MieltoConversation.From(conversation));
    }

    public static async Task<Results<Ok<MieltoConversation>, MieltoErrorResult>> GetAsync(
        [AsParameters] MieltoConversationRoute route, ApiCaller caller, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!MieltoRequests.TryScope(caller, route.UserId, out var scope, out var error))
        {
            return error;
        }

        var conversation = ItemIds.IsWellFormed(route.ConversationId)
            ? await store.FindConversationAsync(scope, route.ConversationId, cancellationToken)
            : null;
        return conversation is null ? MieltoErrors.ConversationNotFound() : TypedResults.Ok(MieltoConversation.From(conversation));
    }

    public static async Task<Results<Ok<MieltoConversation>, MieltoErrorResult>> UpdateAsync(
        [AsParameters] MieltoConversationRoute route, JsonBody body, ApiCaller caller, IConversationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MieltoRequests.TryUpdate(caller, route, body, time.NowToTheMillisecond(), out var request, out var error))
        {
            return error;
        }

        var updated = ItemIds.IsWellFormed(route.ConversationId)
            ? await store.UpdateConversationAsync(request.Scope, route.ConversationId, request.Changes, cancellationToken)
            : null;
        return updated is null ? MieltoErrors.ConversationNotFound() : TypedResults.Ok(MieltoConversation.From(updated));
    }

    public static async Task<Results<NoContent, MieltoErrorResult>> DeleteAsync(
        [AsParameters] MieltoConversationRoute route, ApiCaller caller, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!MieltoRequests.TryScope(caller, route.UserId, out var scope, out var error))
        {
            return error;
        }

        return ItemIds.IsWellFormed(route.ConversationId) && await store.DeleteConversationAsync(scope, route.ConversationId, cancellationToken)
            ? TypedResults.NoContent()
            : MieltoErrors.ConversationNotFound();
    }
}
