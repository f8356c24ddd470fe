using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Paging;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Conversations.Api.Dify;

/// <summary>Dify's conversation endpoints: list, and the writes that fill and keep the list.</summary>
public static class DifyConversationsApi
{
    public static async Task<Results<JsonOk<DifyList<DifyConversation>>, DifyErrorResult>> ListAsync(
        [AsParameters] DifyListConversationsQuery query, ApiCaller caller, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!query.TryParse(caller, out var request, out var error))
        {
            return error;
        }

        KeysetPosition? after = null;
        if (request.LastId is { } lastId
            && (after = await store.PositionOfConversationAsync(request.Scope, lastId, request.Sort.Field, cancellationToken)) is null)
        {
            return DifyErrors.NotFound("Last Conversation Not Exists.");
        }

        var page = await store.ListConversationsAsync(
            new ConversationQuery(request.Scope, request.Sort, ConversationFilter.None, request.Limit, after, DifyConversation.Fields), cancellationToken);
        return JsonOk.Of(DifyList.Of(request.Limit, page, DifyConversation.From), DifyJsonContext.Default.DifyListDifyConversation);
    }

    public static async Task<Results<Ok<DifyConversation>, DifyErrorResult>> CreateAsync(
        JsonBody body, ApiCaller caller, IConversationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!DifyRequests.TryCreateConversation(caller, body, out var request, out var error))
        {
            return error;
        }

        var now = time.NowToTheMillisecond();
        var conversation = new Conversation
        {
            Id = ItemIds.New(now),
            TenantId = request.Scope.TenantId,
            UserId = request.Scope.UserId!,
            Name = request.Name,
            Inputs = request.Inputs,
            Introduction = request.Introduction,
            CreatedBy = request.Scope.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.CreateConversationAsync(conversation, cancellationToken);
        return TypedResults.Ok(DifyConversation.From(conversation));
    }

    public static async Task<Results<Ok<DifyConversation>, DifyErrorResult>> RenameAsync(
        [AsParameters] DifyConversationRoute route, JsonBody body, ApiCaller caller, IConversationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!DifyRequests.TryRename(caller, route, body, out var request, out var error))
        {
            return error;
        }

        if (!ItemIds.IsWellFormed(request.ConversationId))
        {
            return DifyErrors.ConversationNotFound();
        }

        var name = request.Name;
        if (request.AutoGenerate)
        {
            // The generated name derives from the introduction, which no request changes after the
            // conversation is created, so reading it first cannot race with another writer.
            if (await store.FindConversationAsync(request.Scope, request.ConversationId, cancellationToken) is not { } current)
            {
                return DifyErrors.ConversationNotFound();
            }

            name = GeneratedName(current);
        }

        var renamed = await store.UpdateConversationAsync(
            request.Scope, request.ConversationId, new ConversationChanges(time.NowToTheMillisecond()) { Name = new(name!) }, cancellationToken);
        return renamed is null ? DifyErrors.ConversationNotFound() : TypedResults.Ok(DifyConversation.From(renamed));
    }

    public static async Task<Results<NoContent, DifyErrorResult>> DeleteAsync(
        [AsParameters] DifyConversationRoute route, JsonBody body, ApiCaller caller, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!DifyRequests.TryDelete(caller, route, body, out var scope, out var error))
        {
            return error;
        }

        return ItemIds.IsWellFormed(route.ConversationId) && await store.DeleteConversationAsync(scope, route.ConversationId, cancellationToken)
            ? TypedResults.NoContent()
            : DifyErrors.ConversationNotFound();
    }

    /// <summary>
    /// Dify asks a model for a title from the first message; this store keeps no messages, so the name
    /// comes from the first line of the introduction, or a neutral default.
    /// </summary>
    private static string GeneratedName(Conversation conversation)
    {
        var firstLine = conversation.Introduction.Split('\n', 2)[0].Trim();
        return firstLine.Length == 0 ? "New conversation" : firstLine.Length <= 40 ? firstLine : firstLine[..40].TrimEnd() + "…";
    }
}
