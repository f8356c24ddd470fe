using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Paging;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Dify;

/// <summary>Dify's conversation endpoints: list, and the writes that fill and keep the list.</summary>
public static class DifyConversationsApi
{
    private const int MaxNameLength = 255;
    private const int MaxIntroductionLength = 10_000;

    public static async Task<IResult> ListAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (limit, limitError) = DifyRequests.Limit(request);
        if (limitError is not null)
        {
            return limitError;
        }

        var sortBy = request.Query("sort_by") ?? "-updated_at";
        ConversationSort? sort = sortBy switch
        {
            "created_at" => new(ConversationSortField.CreatedAt, false),
            "-created_at" => new(ConversationSortField.CreatedAt, true),
            "updated_at" => new(ConversationSortField.UpdatedAt, false),
            "-updated_at" => new(ConversationSortField.UpdatedAt, true),
            _ => null,
        };
        if (sort is null)
        {
            return DifyErrors.InvalidParam("sort_by must be one of created_at, -created_at, updated_at, -updated_at.");
        }

        var (lastId, lastIdError) = DifyRequests.LastId(request);
        if (lastIdError is not null)
        {
            return lastIdError;
        }

        if (DifyRequests.Scope(request, request.Query("user")) is not { } scope)
        {
            return DifyRequests.BadUser();
        }

        KeysetPosition? after = null;
        if (lastId is not null)
        {
            after = await request.Store.PositionOfConversationAsync(scope, lastId, sort.Field, request.Aborted);
            if (after is null)
            {
                return DifyErrors.NotFound("Last Conversation Not Exists.");
            }
        }

        var page = await request.Store.ListConversationsAsync(
            new ConversationQuery(scope, sort, ConversationFilter.None, limit, after), request.Aborted);
        return TypedResults.Json(
            new DifyList<DifyConversation>(limit, page.HasMore, page.Items.Select(DifyConversation.From).ToList()),
            DifyJsonContext.Default.DifyListDifyConversation);
    }

    /// <summary>Not in Dify (it creates conversations from chat messages, which this store does not run).</summary>
    public static async Task<IResult> CreateAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (fields, bodyError) = await DifyRequests.ReadBodyAsync(request);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var name = fields.Text("name", MaxNameLength);
        var inputs = fields.JsonObject("inputs");
        var introduction = fields.Text("introduction", MaxIntroductionLength);
        var (scope, scopeError) = DifyRequests.WriteScope(request, fields);
        if (scopeError is not null)
        {
            return scopeError;
        }

        var now = request.Service<TimeProvider>().NowToTheMillisecond();
        var conversation = new Conversation
        {
            Id = ItemIds.New(now),
            TenantId = scope.TenantId,
            UserId = scope.UserId!,
            Name = name ?? "",
            Inputs = inputs,
            Introduction = introduction ?? "",
            CreatedBy = scope.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await request.Store.CreateConversationAsync(conversation, request.Aborted);
        return TypedResults.Json(DifyConversation.From(conversation), DifyJsonContext.Default.DifyConversation);
    }

    public static async Task<IResult> RenameAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (fields, bodyError) = await DifyRequests.ReadBodyAsync(request);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var name = fields.Text("name", MaxNameLength);
        var autoGenerate = fields.Flag("auto_generate") ?? false;
        if (!autoGenerate && string.IsNullOrWhiteSpace(name))
        {
            fields.Reject("name", "name is required unless auto_generate is true.");
        }

        var (scope, scopeError) = DifyRequests.WriteScope(request, fields);
        if (scopeError is not null)
        {
            return scopeError;
        }

        var id = request.Route("conversation_id");
        if (!ItemIds.IsWellFormed(id))
        {
            return DifyErrors.ConversationNotFound();
        }

        var now = request.Service<TimeProvider>().NowToTheMillisecond();
        // A generated name derives from the introduction, which no request changes after creation, so
        // reading it first cannot race with another writer.
        var newName = name?.Trim();
        if (autoGenerate)
        {
            var current = await request.Store.FindConversationAsync(scope, id, request.Aborted);
            if (current is null)
            {
                return DifyErrors.ConversationNotFound();
            }

            newName = GeneratedName(current);
        }

        var renamed = await request.Store.UpdateConversationAsync(scope, id, new ConversationChanges(now) { Name = new(newName!) }, request.Aborted);
        return renamed is null
            ? DifyErrors.ConversationNotFound()
            : TypedResults.Json(DifyConversation.From(renamed), DifyJsonContext.Default.DifyConversation);
    }

    public static async Task<IResult> DeleteAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Dify's SDKs send {"user": …} as the DELETE body; a bare DELETE (user in the query or none) is fine too.
        var (fields, bodyError) = await DifyRequests.ReadBodyAsync(request, optional: true);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var (scope, scopeError) = DifyRequests.WriteScope(request, fields);
        if (scopeError is not null)
        {
            return scopeError;
        }

        var id = request.Route("conversation_id");
        return ItemIds.IsWellFormed(id) && await request.Store.DeleteConversationAsync(scope, id, request.Aborted)
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
