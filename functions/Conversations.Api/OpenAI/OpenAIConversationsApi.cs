using System.Text.Json;
using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Paging;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.OpenAI;

/// <summary>The OpenAI-compatible / Azure AI Foundry Conversations API.</summary>
public static class OpenAIConversationsApi
{
    private const int MaxItems = 20;

    public static async Task<IResult> ListAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (limit, limitProblem) = QueryRules.Bounded(request.Query("limit"), 20, 1, 100);
        if (limitProblem != QueryRules.IntProblem.None)
        {
            return OpenAIErrors.InvalidParameter("limit", "limit must be an integer between 1 and 100.");
        }

        var order = request.Query("order") ?? "desc";
        if (order is not ("asc" or "desc"))
        {
            return OpenAIErrors.InvalidParameter("order", "order must be 'asc' or 'desc'.");
        }

        var after = request.Query("after");
        var before = request.Query("before");
        if (after is not null && before is not null)
        {
            return OpenAIErrors.InvalidParameter("before", "Send either after or before, not both.");
        }

        var (agent, agentError) = OpenAIRequests.Agent(request.Query("agent_id"), request.Query("agent_name"));
        if (agentError is not null)
        {
            return agentError;
        }

        var (scope, scopeError) = OpenAIRequests.ReadScope(request);
        if (scopeError is not null)
        {
            return scopeError;
        }

        var filter = agent is null ? ConversationFilter.None : new ConversationFilter { AgentName = agent.Name, AgentVersion = agent.Version };
        var query = new ConversationQuery(scope!, new ConversationSort(ConversationSortField.CreatedAt, order == "desc"), filter, limit);
        var anchorId = after ?? before;
        Page<Conversation> page;
        if (anchorId is null)
        {
            page = await request.Store.ListConversationsAsync(query, request.Aborted);
        }
        else
        {
            var anchor = ItemIds.IsWellFormed(anchorId)
                ? await request.Store.PositionOfConversationAsync(scope!, anchorId, ConversationSortField.CreatedAt, request.Aborted)
                : null;
            if (anchor is null)
            {
                return OpenAIErrors.ConversationNotFound(anchorId, after is null ? "before" : "after");
            }

            page = after is not null
                ? await request.Store.ListConversationsAsync(query with { After = anchor }, request.Aborted)
                : await request.Store.ListConversationsBeforeAsync(query, anchor, request.Aborted);
        }

        var data = page.Items.Select(OpenAIConversation.From).ToList();
        return TypedResults.Json(
            new OpenAIConversationList("list", data, data.FirstOrDefault()?.Id, data.LastOrDefault()?.Id, page.HasMore),
            OpenAIJsonContext.Default.OpenAIConversationList);
    }

    public static async Task<IResult> CreateAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, problem) = await JsonBody.ReadObjectAsync(request.Http, optional: true);
        if (problem != BodyProblem.None)
        {
            return OpenAIErrors.Body(problem);
        }

        var fields = new BodyFields(body);
        var metadata = fields.TextMap("metadata");
        var agentId = fields.Text("agent_id");
        var agentName = fields.Text("agent_name");
        if (fields.Error is not null)
        {
            return OpenAIErrors.InvalidParameter(fields.ErrorField!, fields.Error);
        }

        if (OpenAIRequests.CheckMetadata(metadata) is { } metadataError)
        {
            return metadataError;
        }

        if (CheckItems(body) is { } itemsError)
        {
            return itemsError;
        }

        var (agent, agentError) = OpenAIRequests.Agent(agentId, agentName);
        if (agentError is not null)
        {
            return agentError;
        }

        var now = request.Service<TimeProvider>().NowToTheMillisecond();
        var user = OpenAIRequests.WriteUser(request);
        var conversation = new Conversation
        {
            Id = ItemIds.New(now),
            TenantId = request.TenantId,
            UserId = user,
            Metadata = metadata is null ? null : OpenAIMetadata.ToStored(metadata),
            Agent = agent,
            CreatedBy = user.Length == 0 ? null : user,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await request.Store.CreateConversationAsync(conversation, request.Aborted);
        return TypedResults.Json(OpenAIConversation.From(conversation), OpenAIJsonContext.Default.OpenAIConversation);
    }

    public static async Task<IResult> GetAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (scope, scopeError) = OpenAIRequests.ReadScope(request);
        if (scopeError is not null)
        {
            return scopeError;
        }

        var id = request.Route("conversation_id");
        var conversation = ItemIds.IsWellFormed(id) ? await request.Store.FindConversationAsync(scope!, id, request.Aborted) : null;
        return conversation is null
            ? OpenAIErrors.ConversationNotFound(id)
            : TypedResults.Json(OpenAIConversation.From(conversation), OpenAIJsonContext.Default.OpenAIConversation);
    }

    /// <summary>Replaces the conversation's metadata, as OpenAI's update does.</summary>
    public static async Task<IResult> UpdateAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (body, problem) = await JsonBody.ReadObjectAsync(request.Http);
        if (problem != BodyProblem.None)
        {
            return OpenAIErrors.Body(problem);
        }

        var fields = new BodyFields(body);
        var metadata = fields.TextMap("metadata");
        if (fields.Error is null && metadata is null)
        {
            fields.Reject("metadata", "metadata is required.");
        }

        if (fields.Error is not null)
        {
            return OpenAIErrors.InvalidParameter(fields.ErrorField!, fields.Error);
        }

        if (OpenAIRequests.CheckMetadata(metadata) is { } metadataError)
        {
            return metadataError;
        }

        var (scope, scopeError) = OpenAIRequests.ReadScope(request);
        if (scopeError is not null)
        {
            return scopeError;
        }

        var id = request.Route("conversation_id");
        var now = request.Service<TimeProvider>().NowToTheMillisecond();
        var updated = ItemIds.IsWellFormed(id)
            ? await request.Store.UpdateConversationAsync(scope!, id, new ConversationChanges(now) { Metadata = new(OpenAIMetadata.ToStored(metadata!)) }, request.Aborted)
            : null;
        return updated is null
            ? OpenAIErrors.ConversationNotFound(id)
            : TypedResults.Json(OpenAIConversation.From(updated), OpenAIJsonContext.Default.OpenAIConversation);
    }

    public static async Task<IResult> DeleteAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (scope, scopeError) = OpenAIRequests.ReadScope(request);
        if (scopeError is not null)
        {
            return scopeError;
        }

        var id = request.Route("conversation_id");
        return ItemIds.IsWellFormed(id) && await request.Store.DeleteConversationAsync(scope!, id, request.Aborted)
            ? TypedResults.Json(OpenAIConversationDeleted.Of(id), OpenAIJsonContext.Default.OpenAIConversationDeleted)
            : OpenAIErrors.ConversationNotFound(id);
    }

    /// <summary>
    /// <c>items</c> seed a conversation's messages in OpenAI. This store keeps conversations, not their
    /// items, so they are checked (at most 20 objects, each with a <c>type</c> or <c>role</c>) and not kept.
    /// </summary>
    private static IResult? CheckItems(JsonElement body)
    {
        if (!body.TryGetProperty("items", out var items) || items.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (items.ValueKind != JsonValueKind.Array)
        {
            return OpenAIErrors.InvalidParameter("items", "items must be an array.");
        }

        if (items.GetArrayLength() > MaxItems)
        {
            return OpenAIErrors.InvalidParameter("items", $"items may hold at most {MaxItems} items; it has {items.GetArrayLength()}.");
        }

        var index = 0;
        foreach (var item in items.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !(item.TryGetProperty("type", out _) || item.TryGetProperty("role", out _)))
            {
                return OpenAIErrors.InvalidParameter($"items[{index}]", "Each item must be an object with a 'type' or 'role'.");
            }

            index++;
        }

        return null;
    }
}
