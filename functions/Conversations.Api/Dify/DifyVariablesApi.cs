using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Conversations.Api.Dify;

/// <summary>Dify's conversation variables: list (oldest first), and create/update with type checks.</summary>
public static class DifyVariablesApi
{
    public static async Task<Results<JsonOk<DifyList<DifyVariable>>, DifyErrorResult>> ListAsync(
        [AsParameters] DifyListVariablesQuery query, ApiCaller caller, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!query.TryParse(caller, out var request, out var error))
        {
            return error;
        }

        if (await store.FindConversationKeyAsync(request.Scope, request.ConversationId, cancellationToken) is not { } conversation)
        {
            return DifyErrors.ConversationNotFound();
        }

        KeysetPosition? after = null;
        if (request.LastId is { } lastId)
        {
            if (await store.FindVariableAsync(conversation, lastId, cancellationToken) is not { } last)
            {
                return DifyErrors.NotFound("Last Variable Not Exists.");
            }

            after = KeysetPosition.Of(last);
        }

        var page = await store.ListVariablesAsync(new VariableQuery(conversation, request.NameContains, request.Limit, after), cancellationToken);
        return JsonOk.Of(DifyList.Of(request.Limit, page, DifyVariable.From), DifyJsonContext.Default.DifyListDifyVariable);
    }

    public static async Task<Results<Ok<DifyVariable>, DifyErrorResult>> CreateAsync(
        [AsParameters] DifyConversationRoute route, JsonBody body, ApiCaller caller, IConversationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!DifyRequests.TryCreateVariable(caller, route, body, out var request, out var error))
        {
            return error;
        }

        if (await store.FindConversationKeyAsync(request.Scope, request.ConversationId, cancellationToken) is not { } conversation)
        {
            return DifyErrors.ConversationNotFound();
        }

        var now = time.NowToTheMillisecond();
        var variable = new Variable
        {
            Id = ItemIds.New(now),
            TenantId = conversation.TenantId,
            UserId = conversation.UserId,
            ConversationId = conversation.ConversationId,
            Name = request.Name,
            ValueType = request.ValueType,
            Value = request.Value,
            Description = request.Description,
            CreatedAt = now,
            UpdatedAt = now,
        };
        await store.CreateVariableAsync(variable, cancellationToken);
        return TypedResults.Ok(DifyVariable.From(variable));
    }

    public static async Task<Results<Ok<DifyVariable>, DifyErrorResult>> UpdateAsync(
        [AsParameters] DifyVariableRoute route, JsonBody body, ApiCaller caller, IConversationStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!DifyRequests.TryUpdateVariable(caller, route, body, out var request, out var error))
        {
            return error;
        }

        if (await store.FindConversationKeyAsync(request.Scope, request.ConversationId, cancellationToken) is not { } conversation)
        {
            return DifyErrors.ConversationNotFound();
        }

        var existing = ItemIds.IsWellFormed(request.VariableId) ? await store.FindVariableAsync(conversation, request.VariableId, cancellationToken) : null;
        if (existing is null)
        {
            return DifyErrors.NotFound("Variable Not Exists.");
        }

        // A variable's type never changes, so checking the value against the type read here cannot race.
        if (!VariableValueType.Accepts(existing.ValueType, request.Value))
        {
            return DifyErrors.InvalidParam($"value must be a {existing.ValueType}, the variable's value_type.");
        }

        var updated = await store.UpdateVariableValueAsync(conversation, request.VariableId, request.Value, time.NowToTheMillisecond(), cancellationToken);
        return updated is null ? DifyErrors.NotFound("Variable Not Exists.") : TypedResults.Ok(DifyVariable.From(updated));
    }
}
