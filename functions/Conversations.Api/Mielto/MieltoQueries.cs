using System.ComponentModel;
using Conversations.Api.Http;
using Conversations.Paging;
using Conversations.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Conversations.Api.Mielto;

// What Mielto's routes bind from the query, the route and headers, with the parsing of the list query.

/// <summary>The query of <c>GET /api/v1/conversations</c>.</summary>
public sealed class MieltoListConversationsQuery
{
    [FromQuery(Name = "cursor"), Description("Cursor for pagination (use next_cursor from the previous response).")]
    public string? Cursor { get; set; }

    [FromQuery(Name = "limit"), Description("Number of conversations to return, 1 to 100 (default 50).")]
    public string? Limit { get; set; }

    [FromQuery(Name = "sort_by"), Description("Field to sort by: id, updated_at, created_at or title (default updated_at).")]
    public string? SortBy { get; set; }

    [FromQuery(Name = "sort_order"), Description("Sort order: asc or desc (default desc).")]
    public string? SortOrder { get; set; }

    [FromQuery(Name = "status"), Description("Filter by conversation status.")]
    public string? Status { get; set; }

    [FromQuery(Name = "search"), Description("Search conversations by title (case-insensitive substring).")]
    public string? Search { get; set; }

    [FromQuery(Name = "user_id"), Description("Filter by user id; without it the list holds the whole workspace.")]
    public string? UserId { get; set; }

    [FromQuery(Name = "collection_id"), Description("Filter by collection id.")]
    public string? CollectionId { get; set; }

    [FromHeader(Name = MieltoDialect.WorkspaceHeader), Description("The workspace; when sent it must be the API key's own.")]
    public string? WorkspaceId { get; set; }

    public bool TryParse(ApiCaller caller, CursorCodec codec, out MieltoConversationsPage request, out MieltoErrorResult error)
    {
        ArgumentNullException.ThrowIfNull(codec);
        request = null!;
        var (limit, limitProblem) = QueryRules.Bounded(QueryRules.Given(Limit), 50, 1, 100);
        error = limitProblem switch
        {
            QueryRules.IntProblem.NotAnInteger => MieltoErrors.Query("limit", "Input should be a valid integer, unable to parse string as an integer", "int_parsing"),
            QueryRules.IntProblem.TooSmall => MieltoErrors.Query("limit", "Input should be greater than or equal to 1", "greater_than_equal"),
            QueryRules.IntProblem.TooLarge => MieltoErrors.Query("limit", "Input should be less than or equal to 100", "less_than_equal"),
            _ => null!,
        };
        ConversationSortField? field = (QueryRules.Given(SortBy) ?? "updated_at") switch
        {
            "updated_at" => ConversationSortField.UpdatedAt,
            "created_at" => ConversationSortField.CreatedAt,
            "title" => ConversationSortField.Name,
            "id" => ConversationSortField.Id,
            _ => null,
        };
        var sortOrder = QueryRules.Given(SortOrder) ?? "desc";
        var search = QueryRules.Given(Search);
        error ??= field is null ? MieltoErrors.Query("sort_by", "sort_by must be one of 'id', 'updated_at', 'created_at', 'title'")
            : sortOrder is not ("asc" or "desc") ? MieltoErrors.Query("sort_order", "Input should be 'asc' or 'desc'", "enum")
            : search is { Length: > MieltoRequests.MaxSearchLength } ? MieltoErrors.Query("search", $"String should have at most {MieltoRequests.MaxSearchLength} characters", "string_too_long")
            : null!;
        if (error is not null || !MieltoRequests.TryScope(caller, UserId, out var scope, out error))
        {
            return false;
        }

        var sort = new ConversationSort(field!.Value, sortOrder == "desc");
        var filter = new ConversationFilter { Status = QueryRules.Given(Status), NameContains = search, CollectionId = QueryRules.Given(CollectionId) };
        var binding = CursorBinding.For(MieltoDialect.Instance.Name, scope, sort, filter);
        KeysetPosition? after = null;
        if (QueryRules.Given(Cursor) is { } cursor && (after = codec.Decode(cursor, binding)) is null)
        {
            error = MieltoErrors.Query("cursor", "Invalid cursor: it is malformed, was altered, or belongs to another query; start again without it.");
            return false;
        }

        request = new MieltoConversationsPage(scope, sort, filter, limit, after, binding);
        return true;
    }
}

/// <summary>Route and query values of the calls addressed to one conversation.</summary>
public sealed class MieltoConversationRoute
{
    [FromRoute(Name = "conversation_id"), Description("The conversation's id.")]
    public string ConversationId { get; set; } = "";

    [FromQuery(Name = "user_id"), Description("The user the conversation belongs to; without it any conversation of the workspace.")]
    public string? UserId { get; set; }

    [FromHeader(Name = MieltoDialect.WorkspaceHeader), Description("The workspace; when sent it must be the API key's own.")]
    public string? WorkspaceId { get; set; }
}

/// <summary>Query values of a create.</summary>
public sealed class MieltoCreateQuery
{
    [FromQuery(Name = "user_id"), Description("The user the conversation belongs to, when the body does not name one.")]
    public string? UserId { get; set; }

    [FromHeader(Name = MieltoDialect.WorkspaceHeader), Description("The workspace; when sent it must be the API key's own.")]
    public string? WorkspaceId { get; set; }
}
