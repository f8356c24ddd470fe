using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.OpenAI;

/// <summary>Request rules shared by the OpenAI/Foundry endpoints: the user isolation key, agents, metadata.</summary>
internal static class OpenAIRequests
{
    public const string IsolationKeyHeader = "x-ms-user-isolation-key";
    private const int MaxIsolationKeyLength = 256;
    private const int MaxAgentPartLength = 256;

    /// <summary>
    /// Foundry scopes data to one end user when the isolation key is sent; without it a read sees the
    /// whole project (tenant) and a write belongs to no end user.
    /// </summary>
    public static (UserScope? Read, IResult? Error) ReadScope(ApiRequest request)
    {
        var key = request.Header(IsolationKeyHeader);
        if (key is { Length: > MaxIsolationKeyLength })
        {
            return (null, OpenAIErrors.InvalidParameter(IsolationKeyHeader, $"{IsolationKeyHeader} must be at most {MaxIsolationKeyLength} characters."));
        }

        return (key is null ? UserScope.WholeTenant(request.TenantId) : UserScope.User(request.TenantId, key), null);
    }

    public static string WriteUser(ApiRequest request) => request.Header(IsolationKeyHeader) ?? UserScope.Anonymous;

    /// <summary>An agent id in Foundry's <c>name:version</c> form.</summary>
    public static AgentReference? ParseAgentId(string agentId)
    {
        var colon = agentId.LastIndexOf(':');
        if (colon <= 0 || colon == agentId.Length - 1 || agentId.Length > 2 * MaxAgentPartLength)
        {
            return null;
        }

        return new AgentReference(agentId[..colon], agentId[(colon + 1)..]);
    }

    public static bool IsAgentName(string name) => name.Length <= MaxAgentPartLength && !name.Contains(':', StringComparison.Ordinal);

    /// <summary>The agent named by <c>agent_id</c> and/or <c>agent_name</c>; they must agree when both are sent.</summary>
    public static (AgentReference? Agent, IResult? Error) Agent(string? agentId, string? agentName)
    {
        AgentReference? agent = null;
        if (agentId is not null && (agent = ParseAgentId(agentId)) is null)
        {
            return (null, OpenAIErrors.InvalidParameter("agent_id", "agent_id must have the form 'name:version'."));
        }

        if (agentName is not null && !IsAgentName(agentName))
        {
            return (null, OpenAIErrors.InvalidParameter("agent_name", $"agent_name must be at most {MaxAgentPartLength} characters and contain no ':'."));
        }

        if (agent is not null && agentName is not null && agent.Name != agentName)
        {
            return (null, OpenAIErrors.InvalidParameter("agent_name", "agent_name does not match the name in agent_id."));
        }

        return (agent ?? (agentName is null ? null : new AgentReference(agentName, null)), null);
    }

    public static IResult? CheckMetadata(IReadOnlyDictionary<string, string>? metadata) =>
        metadata is not null && OpenAIMetadata.Check(metadata) is { } problem ? OpenAIErrors.InvalidParameter("metadata", problem) : null;
}
