using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Paging;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Mielto;

/// <summary>Mielto's conversations: a cursor-paged list over the workspace, and CRUD by id.</summary>
public static class MieltoConversationsApi
{
    private const int MaxUserIdLength = 255;
    private const int MaxSearchLength = 255;

    public static async Task<IResult> ListAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (limit, limitProblem) = QueryRules.Bounded(request.Query("limit"), 50, 1, 100);
        switch (limitProblem)
        {
            case QueryRules.IntProblem.NotAnInteger:
                return MieltoErrors.Query("limit", "Input should be a valid integer, unable to parse string as an integer", "int_parsing");
            case QueryRules.IntProblem.TooSmall:
                return MieltoErrors.Query("limit", "Input should be greater than or equal to 1", "greater_than_equal");
            case QueryRules.IntProblem.TooLarge:
                return MieltoErrors.Query("limit", "Input should be less than or equal to 100", "less_than_equal");
        }

        ConversationSortField? field = (request.Query("sort_by") ?? "updated_at") switch
        {
            "updated_at" => ConversationSortField.UpdatedAt,
            "created_at" => ConversationSortField.CreatedAt,
            "title" => ConversationSortField.Name,
            "id" => ConversationSortField.Id,
            _ => null,
        };
        if (field is null)
        {
            return MieltoErrors.Query("sort_by", "sort_by must be one of 'id', 'updated_at', 'created_at', 'title'");
        }

        var sortOrder = request.Query("sort_order") ?? "desc";
        if (sortOrder is not ("asc" or "desc"))
        {
            return MieltoErrors.Query("sort_order", "Input should be 'asc' or 'desc'", "enum");
        }

        var search = request.Query("search");
        if (search is { Length: > MaxSearchLength })
        {
            return MieltoErrors.Query("search", $"String should have at most {MaxSearchLength} characters", "string_too_long");
        }

        if (Scope(request, request.Query("user_id")) is not { } scope)
        {
            return MieltoErrors.Query("user_id", $"String should have at most {MaxUserIdLength} characters", "string_too_long");
        }

        var sort = new ConversationSort(field.Value, sortOrder == "desc");
        var filter = new ConversationFilter
        {
            Status = request.Query("status"),
            NameContains = search,
            CollectionId = request.Query("collection_id"),
        };
        var codec = request.Service<CursorCodec>();
        var binding = CursorBinding.For(MieltoDialect.Instance.Name, scope, sort, filter);
        KeysetPosition? cursor = null;
        if (request.Query("cursor") is { } cursorText && (cursor = codec.Decode(cursorText, binding)) is null)
        {
            return MieltoErrors.Query("cursor", "Invalid cursor: it is malformed, was altered, or belongs to another query; start again without it.");
        }

        var page = await request.Store.ListConversationsAsync(
            new ConversationQuery(scope, sort, filter, limit, cursor), request.Aborted);
        var next = page.HasMore
            ? codec.Encode(KeysetPosition.Of(page.Items[^1], sort.Field), binding)
            : null;
        return TypedResults.Json(
            new MieltoConversationList(page.Items.Select(MieltoConversation.From).ToList(), page.Items.Count, next, page.HasMore),
            MieltoJsonContext.Default.MieltoConversationList);
    }

    public static async Task<IResult> CreateAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, problem) = await JsonBody.ReadObjectAsync(request.Http);
        if (problem != BodyProblem.None)
        {
            return MieltoErrors.Body(problem);
        }

        var fields = new BodyFields(body);
        var userId = fields.Text("user_id", MaxUserIdLength) ?? request.Query("user_id");
        var now = request.Service<TimeProvider>().NowToTheMillisecond();
        var conversation = MieltoConversationFields.Read(body, fields, now).ApplyTo(
            new Conversation { Id = ItemIds.New(now), TenantId = request.TenantId, UserId = userId ?? UserScope.Anonymous, CreatedAt = now, UpdatedAt = now });
        if (fields.Error is not null)
        {
            return MieltoErrors.Body(fields);
        }

        if (userId is { Length: > MaxUserIdLength })
        {
            return MieltoErrors.Query("user_id", $"String should have at most {MaxUserIdLength} characters", "string_too_long");
        }

        await request.Store.CreateConversationAsync(conversation, request.Aborted);
        return TypedResults.Json(MieltoConversation.From(conversation), MieltoJsonContext.Default.MieltoConversation, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> GetAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Scope(request, request.Query("user_id")) is not { } scope)
        {
            return MieltoErrors.ConversationNotFound();
        }

        var id = request.Route("conversation_id");
        var conversation = ItemIds.IsWellFormed(id) ? await request.Store.FindConversationAsync(scope, id, request.Aborted) : null;
        return conversation is null
            ? MieltoErrors.ConversationNotFound()
            : TypedResults.Json(MieltoConversation.From(conversation), MieltoJsonContext.Default.MieltoConversation);
    }

    public static async Task<IResult> UpdateAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, problem) = await JsonBody.ReadObjectAsync(request.Http);
        if (problem != BodyProblem.None)
        {
            return MieltoErrors.Body(problem);
        }

        var fields = new BodyFields(body);
        var userId = fields.Text("user_id", MaxUserIdLength) ?? request.Query("user_id");
        var changes = MieltoConversationFields.Read(body, fields, request.Service<TimeProvider>().NowToTheMillisecond());
        if (fields.Error is not null)
        {
            return MieltoErrors.Body(fields);
        }

        if (Scope(request, userId) is not { } scope)
        {
            return MieltoErrors.ConversationNotFound();
        }

        var id = request.Route("conversation_id");
        var updated = ItemIds.IsWellFormed(id) ? await request.Store.UpdateConversationAsync(scope, id, changes, request.Aborted) : null;
        return updated is null
            ? MieltoErrors.ConversationNotFound()
            : TypedResults.Json(MieltoConversation.From(updated), MieltoJsonContext.Default.MieltoConversation);
    }

    public static async Task<IResult> DeleteAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = request.Route("conversation_id");
        return Scope(request, request.Query("user_id")) is { } scope
               && ItemIds.IsWellFormed(id)
               && await request.Store.DeleteConversationAsync(scope, id, request.Aborted)
            ? TypedResults.NoContent()
            : MieltoErrors.ConversationNotFound();
    }

    /// <summary>One user's conversations when <c>user_id</c> is given, else the whole workspace; null when the id is too long.</summary>
    private static UserScope? Scope(ApiRequest request, string? userId) => userId switch
    {
        null => UserScope.WholeTenant(request.TenantId),
        { Length: > MaxUserIdLength } => null,
        _ => UserScope.User(request.TenantId, userId),
    };
}
