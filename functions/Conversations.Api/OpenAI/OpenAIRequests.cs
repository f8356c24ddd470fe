using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;

namespace Conversations.Api.OpenAI;

// The OpenAI-compatible / Azure AI Foundry requests, parsed in one place: what a route binds
// (OpenAIQueries.cs, a JsonBody) becomes the typed request its handler works with, or the error the
// official SDKs expect.

/// <summary>A parsed list request. <c>Anchor</c> is the <c>after</c> or <c>before</c> id, <c>Before</c> says which.</summary>
public sealed record OpenAIConversationsPage(UserScope Scope, ConversationSort Sort, ConversationFilter Filter, int Limit, string? Anchor, bool Before);

/// <summary>A parsed create.</summary>
public sealed record OpenAINewConversation(string UserId, IReadOnlyDictionary<string, string>? Metadata, AgentReference? Agent, IReadOnlyList<NewItem> Items);

/// <summary>Request rules shared by the OpenAI/Foundry endpoints: the user isolation key, agents, metadata, bodies.</summary>
public static class OpenAIRequests
{
    public const string IsolationKeyHeader = "x-ms-user-isolation-key";
    public const int MaxItems = 20;
    private const int MaxIsolationKeyLength = 256;
    private const int MaxAgentPartLength = 256;

    public static bool TryCreate(ApiCaller caller, OpenAIUserHeader header, JsonBody body, out OpenAINewConversation request, out OpenAIErrorResult error)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(body);
        request = null!;
        if (body.Problem is { } problem)
        {
            error = OpenAIErrors.Body(problem);
            return false;
        }

        var fields = new BodyFields(body.Root);
        var metadata = fields.TextMap("metadata");
        var agentId = fields.Text("agent_id");
        var agentName = fields.Text("agent_name");
        if (!TryFieldsAndMetadata(fields, metadata, out error) || !OpenAIItemRequests.TryItems(body.Root, required: false, out var items, out error) || !TryAgent(agentId, agentName, out var agent, out error))
        {
            return false;
        }

        if (IsolationKeyProblem(caller, header.IsolationKey) is { } userProblem)
        {
            error = userProblem;
            return false;
        }

        request = new OpenAINewConversation(header.IsolationKey ?? UserScope.Anonymous, metadata, agent, items);
        return true;
    }

    public static bool TryUpdate(JsonBody body, out IReadOnlyDictionary<string, string> metadata, out OpenAIErrorResult error)
    {
        ArgumentNullException.ThrowIfNull(body);
        metadata = null!;
        if (body.Required is { } problem)
        {
            error = OpenAIErrors.Body(problem);
            return false;
        }

        var fields = new BodyFields(body.Root);
        var given = fields.TextMap("metadata");
        if (fields.Error is null && given is null)
        {
            fields.Reject("metadata", "metadata is required.");
        }

        metadata = given!;
        return TryFieldsAndMetadata(fields, given, out error);
    }

    /// <summary>
    /// Foundry scopes data to one end user when the isolation key is sent; without it a read sees the
    /// whole project (tenant) and a write belongs to no end user.
    /// </summary>
    public static bool TryReadScope(ApiCaller caller, string? isolationKey, out UserScope scope, out OpenAIErrorResult error)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (IsolationKeyProblem(caller, isolationKey) is { } problem)
        {
            scope = null!;
            error = problem;
            return false;
        }

        scope = isolationKey is null ? UserScope.WholeTenant(caller.TenantId) : UserScope.User(caller.TenantId, isolationKey);
        error = null!;
        return true;
    }

    /// <summary>A list's <c>limit</c> (1 to 100, default 20) and <c>order</c> (asc or desc, default desc), as every OpenAI list reads them.</summary>
    public static bool TryLimitAndOrder(string? limitText, string? orderText, out int limit, out bool descending, out OpenAIErrorResult error)
    {
        error = null!;
        var (value, problem) = QueryRules.Bounded(QueryRules.Given(limitText), 20, 1, 100);
        var order = QueryRules.Given(orderText) ?? "desc";
        (limit, descending) = (value, order == "desc");
        if (problem != QueryRules.IntProblem.None)
        {
            error = OpenAIErrors.InvalidParameter("limit", "limit must be an integer between 1 and 100.");
        }
        else if (order is not ("asc" or "desc"))
        {
            error = OpenAIErrors.InvalidParameter("order", "order must be 'asc' or 'desc'.");
        }

        return error is null;
    }

    /// <summary>
    /// An empty isolation key is a 400, never "the whole project"; a key that must name an end user
    /// gets 403 without one.
    /// </summary>
    private static OpenAIErrorResult? IsolationKeyProblem(ApiCaller caller, string? isolationKey) => isolationKey switch
    {
        { Length: 0 } => OpenAIErrors.InvalidParameter(IsolationKeyHeader, $"{IsolationKeyHeader} is empty: send the end user's key, or leave the header out."),
        { Length: > MaxIsolationKeyLength } => TooLongIsolationKey(),
        null when caller.MustNameUser => OpenAIErrors.Forbidden($"This API key must name an end user: send {IsolationKeyHeader}."),
        _ => null,
    };

    /// <summary>The agent named by <c>agent_id</c> and/or <c>agent_name</c>; they must agree when both are sent.</summary>
    public static bool TryAgent(string? agentId, string? agentName, out AgentReference? agent, out OpenAIErrorResult error)
    {
        agent = null;
        error = null!;
        if (agentId is not null && (agent = ParseAgentId(agentId)) is null)
        {
            error = OpenAIErrors.InvalidParameter("agent_id", "agent_id must have the form 'name:version'.");
        }
        else if (agentName is not null && (agentName.Length > MaxAgentPartLength || agentName.Contains(':', StringComparison.Ordinal)))
        {
            error = OpenAIErrors.InvalidParameter("agent_name", $"agent_name must be at most {MaxAgentPartLength} characters and contain no ':'.");
        }
        else if (agent is not null && agentName is not null && agent.Name != agentName)
        {
            error = OpenAIErrors.InvalidParameter("agent_name", "agent_name does not match the name in agent_id.");
        }
        else
        {
            agent ??= agentName is null ? null : new AgentReference(agentName, null);
        }

        return error is null;
    }


    /// <summary>An agent id in Foundry's <c>name:version</c> form.</summary>
    private static AgentReference? ParseAgentId(string agentId)
    {
        var colon = agentId.LastIndexOf(':');
        return colon <= 0 || colon == agentId.Length - 1 || agentId.Length > 2 * MaxAgentPartLength
            ? null
            : new AgentReference(agentId[..colon], agentId[(colon + 1)..]);
    }

    private static bool TryFieldsAndMetadata(BodyFields fields, IReadOnlyDictionary<string, string>? metadata, out OpenAIErrorResult error)
    {
        error = fields.Error is not null
            ? OpenAIErrors.InvalidParameter(fields.ErrorField!, fields.Error)
            : metadata is not null && OpenAIMetadata.Check(metadata) is { } problem ? OpenAIErrors.InvalidParameter("metadata", problem) : null!;
        return error is null;
    }

    private static OpenAIErrorResult TooLongIsolationKey() =>
        OpenAIErrors.InvalidParameter(IsolationKeyHeader, $"{IsolationKeyHeader} must be at most {MaxIsolationKeyLength} characters.");
}
