using System.ComponentModel;
using Conversations.Api.Http;
using Microsoft.AspNetCore.Mvc;

namespace Conversations.Api.OpenAI;

// What the OpenAI items routes bind from the query, the route and headers.

/// <summary>Route, query and header values of the calls on a conversation's items.</summary>
public sealed class OpenAIItemsRoute
{
    [FromRoute(Name = "conversation_id"), Description("The conversation's id.")]
    public string ConversationId { get; set; } = "";

    [FromQuery(Name = "include[]"), Description("Extra fields to include (accepted; fields this service does not store are absent).")]
    public string[]? Include { get; set; }

    [FromHeader(Name = OpenAIRequests.IsolationKeyHeader), Description("The end user the conversation belongs to; without it any conversation of the project.")]
    public string? IsolationKey { get; set; }
}

/// <summary>The query of <c>GET /openai/v1/conversations/{conversation_id}/items</c>.</summary>
public sealed class OpenAIListItemsQuery
{
    [FromRoute(Name = "conversation_id"), Description("The conversation's id.")]
    public string ConversationId { get; set; } = "";

    [FromQuery(Name = "limit"), Description("How many items to return, 1 to 100 (default 20).")]
    public string? Limit { get; set; }

    [FromQuery(Name = "order"), Description("asc (oldest first) or desc (newest first, the default).")]
    public string? Order { get; set; }

    [FromQuery(Name = "after"), Description("An item id: the page starts right after it (send the previous page's last_id).")]
    public string? After { get; set; }

    [FromQuery(Name = "include[]"), Description("Extra fields to include (accepted; fields this service does not store are absent).")]
    public string[]? Include { get; set; }

    [FromHeader(Name = OpenAIRequests.IsolationKeyHeader), Description("The end user the conversation belongs to; without it any conversation of the project.")]
    public string? IsolationKey { get; set; }

    public bool TryParse(out int limit, out bool descending, out OpenAIErrorResult error) =>
        OpenAIRequests.TryLimitAndOrder(Limit, Order, out limit, out descending, out error);
}

/// <summary>Route and header values of the calls on one item.</summary>
public sealed class OpenAIItemRoute
{
    [FromRoute(Name = "conversation_id"), Description("The conversation's id.")]
    public string ConversationId { get; set; } = "";

    [FromRoute(Name = "item_id"), Description("The item's id.")]
    public string ItemId { get; set; } = "";

    [FromQuery(Name = "include[]"), Description("Extra fields to include (accepted; fields this service does not store are absent).")]
    public string[]? Include { get; set; }

    [FromHeader(Name = OpenAIRequests.IsolationKeyHeader), Description("The end user the conversation belongs to; without it any conversation of the project.")]
    public string? IsolationKey { get; set; }
}
