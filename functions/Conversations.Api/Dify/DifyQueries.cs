using System.ComponentModel;
using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Conversations.Api.Dify;

// What Dify's routes bind from the query, the route and headers, with the parsing of each list query.

/// <summary>The query of <c>GET /v1/conversations</c>.</summary>
public sealed class DifyListConversationsQuery
{
    [FromQuery(Name = "user"), Description("The end user whose conversations to list; without it, the app's default end user.")]
    public string? User { get; set; }

    [FromQuery(Name = "last_id"), Description("The id of the last conversation of the previous page; the page starts after it.")]
    public string? LastId { get; set; }

    [FromQuery(Name = "limit"), Description("How many conversations to return, 1 to 100 (default 20).")]
    public string? Limit { get; set; }

    [FromQuery(Name = "sort_by"), Description("created_at, -created_at, updated_at or -updated_at (default -updated_at; - means descending).")]
    public string? SortBy { get; set; }

    public bool TryParse(ApiCaller caller, out DifyConversationsPage request, out DifyErrorResult error)
    {
        ArgumentNullException.ThrowIfNull(caller);
        request = null!;
        ConversationSort? sort = (QueryRules.Given(SortBy) ?? "-updated_at") switch
        {
            "created_at" => new(ConversationSortField.CreatedAt, false),
            "-created_at" => new(ConversationSortField.CreatedAt, true),
            "updated_at" => new(ConversationSortField.UpdatedAt, false),
            "-updated_at" => new(ConversationSortField.UpdatedAt, true),
            _ => null,
        };
        if (!DifyRequests.TryLimit(Limit, out var limit, out error)
            || !DifyRequests.TryLastId(LastId, out var lastId, out error)
            || !DifyRequests.TryScope(caller, User, out var scope, out error))
        {
            return false;
        }

        if (sort is null)
        {
            error = DifyErrors.InvalidParam("sort_by must be one of created_at, -created_at, updated_at, -updated_at.");
            return false;
        }

        request = new DifyConversationsPage(scope, sort, limit, lastId);
        return true;
    }
}

public sealed class DifyListVariablesQuery
{
    [FromRoute(Name = "conversation_id"), Description("The conversation whose variables to list.")]
    public string ConversationId { get; set; } = "";

    [FromQuery(Name = "user"), Description("The end user the conversation belongs to.")]
    public string? User { get; set; }

    [FromQuery(Name = "last_id"), Description("The id of the last variable of the previous page; the page starts after it.")]
    public string? LastId { get; set; }

    [FromQuery(Name = "limit"), Description("How many variables to return, 1 to 100 (default 20).")]
    public string? Limit { get; set; }

    [FromQuery(Name = "variable_name"), Description("Only variables whose name contains this text (case-insensitive): 1 to 255 letters, digits, '-', '_' or '.'.")]
    public string? VariableName { get; set; }

    public bool TryParse(ApiCaller caller, out DifyVariablesPage request, out DifyErrorResult error)
    {
        request = null!;
        if (!DifyRequests.TryLimit(Limit, out var limit, out error)
            || !DifyRequests.TryLastId(LastId, out var lastId, out error)
            || !DifyRequests.TryScope(caller, User, out var scope, out error))
        {
            return false;
        }

        var name = QueryRules.Given(VariableName);
        if (name is not null && !DifyRequests.IsVariableName(name))
        {
            error = DifyErrors.InvalidParam("variable_name must be 1 to 255 letters, digits, '-', '_' or '.'.");
            return false;
        }

        request = new DifyVariablesPage(scope, ConversationId, limit, lastId, name);
        return true;
    }
}

/// <summary>Route and query values of the writes addressed to one conversation.</summary>
public sealed class DifyConversationRoute
{
    [FromRoute(Name = "conversation_id"), Description("The conversation's id.")]
    public string ConversationId { get; set; } = "";

    [FromQuery(Name = "user"), Description("The end user, when the body does not name one.")]
    public string? User { get; set; }
}

/// <summary>Route and query values of a write addressed to one variable.</summary>
public sealed class DifyVariableRoute
{
    [FromRoute(Name = "conversation_id"), Description("The conversation's id.")]
    public string ConversationId { get; set; } = "";

    [FromRoute(Name = "variable_id"), Description("The variable's id.")]
    public string VariableId { get; set; } = "";

    [FromQuery(Name = "user"), Description("The end user, when the body does not name one.")]
    public string? User { get; set; }
}
