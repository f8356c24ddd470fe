using System.ComponentModel;
using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;
using Microsoft.AspNetCore.Mvc;

namespace Conversations.Api.OpenAI;

// What the OpenAI routes bind from the query, the route and headers, with the parsing of the list query.

/// <summary>The query of <c>GET /openai/v1/conversations</c>.</summary>
public sealed class OpenAIListConversationsQuery
{
    [FromQuery(Name = "limit"), Description("How many conversations to return, 1 to 100 (default 20).")]
    public string? Limit { get; set; }

    [FromQuery(Name = "order"), Description("Sort order by created_at: asc or desc (default desc).")]
    public string? Order { get; set; }

    [FromQuery(Name = "after"), Description("A conversation id: the page starts right after it (send the previous page's last_id).")]
    public string? After { get; set; }

    [FromQuery(Name = "before"), Description("A conversation id: the page holds the conversations right before it.")]
    public string? Before { get; set; }

    [FromQuery(Name = "agent_name"), Description("Only conversations of this agent.")]
    public string? AgentName { get; set; }

    [FromQuery(Name = "agent_id"), Description("Only conversations of this agent version, as name:version.")]
    public string? AgentId { get; set; }

    [FromHeader(Name = OpenAIRequests.IsolationKeyHeader), Description("Scopes the list to one end user; without it the list holds the whole project.")]
    public string? IsolationKey { get; set; }

    public bool TryParse(ApiCaller caller, out OpenAIConversationsPage request, out OpenAIErrorResult error)
    {
        request = null!;
        if (!OpenAIRequests.TryLimitAndOrder(Limit, Order, out var limit, out var descending, out error))
        {
            return false;
        }

        var (after, before) = (QueryRules.Given(After), QueryRules.Given(Before));
        if (after is not null && before is not null)
        {
            error = OpenAIErrors.InvalidParameter("before", "Send either after or before, not both.");
            return false;
        }

        if (!OpenAIRequests.TryAgent(QueryRules.Given(AgentId), QueryRules.Given(AgentName), out var agent, out error)
            || !OpenAIRequests.TryReadScope(caller, IsolationKey, out var scope, out error))
        {
            return false;
        }

        var filter = agent is null ? ConversationFilter.None : new ConversationFilter { AgentName = agent.Name, AgentVersion = agent.Version };
        request = new OpenAIConversationsPage(scope, new ConversationSort(ConversationSortField.CreatedAt, descending), filter, limit, after ?? before, before is not null);
        return true;
    }
}

/// <summary>Route and header values of the calls addressed to one conversation.</summary>
public sealed class OpenAIConversationRoute
{
    [FromRoute(Name = "conversation_id"), Description("The conversation's id.")]
    public string ConversationId { get; set; } = "";

    [FromHeader(Name = OpenAIRequests.IsolationKeyHeader), Description("The end user the conversation belongs to; without it any conversation of the project.")]
    public string? IsolationKey { get; set; }
}

/// <summary>The isolation key header alone, for creates.</summary>
public sealed class OpenAIUserHeader
{
    [FromHeader(Name = OpenAIRequests.IsolationKeyHeader), Description("The end user the new conversation belongs to; without it, no end user.")]
    public string? IsolationKey { get; set; }
}
