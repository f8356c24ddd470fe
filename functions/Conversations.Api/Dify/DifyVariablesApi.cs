using System.Text.RegularExpressions;
using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Dify;

/// <summary>Dify's conversation variables: list (oldest first), and create/update with type checks.</summary>
public static partial class DifyVariablesApi
{
    private const int MaxDescriptionLength = 1024;

    public static async Task<IResult> ListAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (limit, limitError) = DifyRequests.Limit(request);
        if (limitError is not null)
        {
            return limitError;
        }

        var (lastId, lastIdError) = DifyRequests.LastId(request);
        if (lastIdError is not null)
        {
            return lastIdError;
        }

        var variableName = request.Query("variable_name");
        if (variableName is not null && !IsVariableName(variableName))
        {
            return DifyErrors.InvalidParam("variable_name must be 1 to 255 letters, digits, '-', '_' or '.'.");
        }

        if (DifyRequests.Scope(request, request.Query("user")) is not { } scope)
        {
            return DifyRequests.BadUser();
        }

        if (await FindConversationAsync(request, scope) is not { } conversation)
        {
            return DifyErrors.ConversationNotFound();
        }

        KeysetPosition? after = null;
        if (lastId is not null)
        {
            var last = await request.Store.FindVariableAsync(conversation, lastId, request.Aborted);
            if (last is null)
            {
                return DifyErrors.NotFound("Last Variable Not Exists.");
            }

            after = KeysetPosition.Of(last);
        }

        var page = await request.Store.ListVariablesAsync(new VariableQuery(conversation, variableName, limit, after), request.Aborted);
        return TypedResults.Json(
            new DifyList<DifyVariable>(limit, page.HasMore, page.Items.Select(DifyVariable.From).ToList()),
            DifyJsonContext.Default.DifyListDifyVariable);
    }

    /// <summary>Not in Dify (its workflows declare variables); here so chat backends can write them.</summary>
    public static async Task<IResult> CreateAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (fields, bodyError) = await DifyRequests.ReadBodyAsync(request);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var name = fields.Text("name");
        var valueType = fields.Text("value_type");
        var value = fields.AnyValue("value");
        var description = fields.Text("description", MaxDescriptionLength);
        if (name is null || !IsVariableName(name))
        {
            fields.Reject("name", "name must be 1 to 255 letters, digits, '-', '_' or '.'.");
        }

        if (valueType is null || !VariableValueType.IsKnown(valueType))
        {
            fields.Reject("value_type", $"value_type must be one of {string.Join(", ", VariableValueType.All)}.");
        }
        else if (value is not { } v || !VariableValueType.Accepts(valueType, v))
        {
            fields.Reject("value", $"value must be a {valueType}.");
        }

        var (scope, scopeError) = DifyRequests.WriteScope(request, fields);
        if (scopeError is not null)
        {
            return scopeError;
        }

        if (await FindConversationAsync(request, scope) is not { } conversation)
        {
            return DifyErrors.ConversationNotFound();
        }

        var now = request.Service<TimeProvider>().NowToTheMillisecond();
        var variable = new Variable
        {
            Id = ItemIds.New(now),
            TenantId = conversation.TenantId,
            UserId = conversation.UserId,
            ConversationId = conversation.ConversationId,
            Name = name!,
            ValueType = valueType!,
            Value = value!.Value,
            Description = description ?? "",
            CreatedAt = now,
            UpdatedAt = now,
        };
        await request.Store.CreateVariableAsync(variable, request.Aborted);
        return TypedResults.Json(DifyVariable.From(variable), DifyJsonContext.Default.DifyVariable);
    }

    public static async Task<IResult> UpdateAsync(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var (fields, bodyError) = await DifyRequests.ReadBodyAsync(request);
        if (bodyError is not null)
        {
            return bodyError;
        }

        var value = fields.AnyValue("value");
        if (value is null)
        {
            fields.Reject("value", "value is required.");
        }

        var (scope, scopeError) = DifyRequests.WriteScope(request, fields);
        if (scopeError is not null)
        {
            return scopeError;
        }

        if (await FindConversationAsync(request, scope) is not { } conversation)
        {
            return DifyErrors.ConversationNotFound();
        }

        var variableId = request.Route("variable_id");
        var existing = ItemIds.IsWellFormed(variableId) ? await request.Store.FindVariableAsync(conversation, variableId, request.Aborted) : null;
        if (existing is null)
        {
            return DifyErrors.NotFound("Variable Not Exists.");
        }

        // The type is checked against the stored variable before writing; a type never changes on update.
        if (!VariableValueType.Accepts(existing.ValueType, value!.Value))
        {
            return DifyErrors.InvalidParam($"value must be a {existing.ValueType}, the variable's value_type.");
        }

        var now = request.Service<TimeProvider>().NowToTheMillisecond();
        var updated = await request.Store.UpdateVariableValueAsync(conversation, variableId, value.Value, now, request.Aborted);
        return updated is null
            ? DifyErrors.NotFound("Variable Not Exists.")
            : TypedResults.Json(DifyVariable.From(updated), DifyJsonContext.Default.DifyVariable);
    }

    /// <summary>The conversation of the route inside the caller's scope, as the key its variables live under.</summary>
    private static async Task<ConversationKey?> FindConversationAsync(ApiRequest request, UserScope scope)
    {
        var id = request.Route("conversation_id");
        if (!ItemIds.IsWellFormed(id))
        {
            return null;
        }

        var conversation = await request.Store.FindConversationAsync(scope, id, request.Aborted);
        return conversation is null ? null : new ConversationKey(conversation.TenantId, conversation.UserId, conversation.Id);
    }

    private static bool IsVariableName(string name) => VariableName().IsMatch(name);

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,255}$")]
    private static partial Regex VariableName();
}
