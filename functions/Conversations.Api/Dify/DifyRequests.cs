using System.Text.Json;
using System.Text.RegularExpressions;
using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;

namespace Conversations.Api.Dify;

// Dify's requests, parsed in one place: what a route binds (DifyQueries.cs, a JsonBody) becomes the
// typed request its handler works with, or the error Dify's clients expect. Unknown query parameters
// are ignored and empty ones mean "the default", as Dify's own SDKs send them (?last_id=&limit=).

/// <summary>A parsed list request: whose conversations, in which order, how many, after which one.</summary>
public sealed record DifyConversationsPage(UserScope Scope, ConversationSort Sort, int Limit, string? LastId);

/// <summary>A parsed variables list request.</summary>
public sealed record DifyVariablesPage(UserScope Scope, string ConversationId, int Limit, string? LastId, string? NameContains);

/// <summary>Parsed writes.</summary>
public sealed record DifyNewConversation(UserScope Scope, string Name, JsonElement? Inputs, string Introduction);

public sealed record DifyRename(UserScope Scope, string ConversationId, string? Name, bool AutoGenerate);

public sealed record DifyNewVariable(UserScope Scope, string ConversationId, string Name, string ValueType, JsonElement Value, string Description);

public sealed record DifyNewValue(UserScope Scope, string ConversationId, string VariableId, JsonElement Value);

/// <summary>The rules Dify's requests share, and the parsing of write bodies.</summary>
public static partial class DifyRequests
{
    public const int MaxUserLength = 255;
    public const int MaxNameLength = 255;
    public const int MaxIntroductionLength = 10_000;
    public const int MaxDescriptionLength = 1024;

    /// <summary>The most a conversation's <c>inputs</c> or a variable's <c>value</c> may take, in bytes of JSON as sent.</summary>
    public const int MaxJsonBytes = 16 * 1024;

    public static bool TryCreateConversation(ApiCaller caller, JsonBody body, out DifyNewConversation request, out DifyErrorResult error)
    {
        request = null!;
        if (!TryFields(body, required: true, out var fields, out error))
        {
            return false;
        }

        var name = fields.Text("name", MaxNameLength);
        var inputs = fields.JsonObject("inputs", MaxJsonBytes);
        var introduction = fields.Text("introduction", MaxIntroductionLength);
        if (!TryWriteScope(caller, fields, null, out var scope, out error))
        {
            return false;
        }

        request = new DifyNewConversation(scope, name ?? "", inputs, introduction ?? "");
        return true;
    }

    public static bool TryRename(ApiCaller caller, DifyConversationRoute route, JsonBody body, out DifyRename request, out DifyErrorResult error)
    {
        request = null!;
        if (!TryFields(body, required: true, out var fields, out error))
        {
            return false;
        }

        var name = fields.Text("name", MaxNameLength);
        var autoGenerate = fields.Flag("auto_generate") ?? false;
        if (!autoGenerate && string.IsNullOrWhiteSpace(name))
        {
            fields.Reject("name", "name is required unless auto_generate is true.");
        }

        if (!TryWriteScope(caller, fields, route.User, out var scope, out error))
        {
            return false;
        }

        request = new DifyRename(scope, route.ConversationId, name?.Trim(), autoGenerate);
        return true;
    }

    /// <summary>Dify's SDKs send <c>{"user": …}</c> as a DELETE body; a bare DELETE (user in the query or none) is fine too.</summary>
    public static bool TryDelete(ApiCaller caller, DifyConversationRoute route, JsonBody body, out UserScope scope, out DifyErrorResult error)
    {
        scope = null!;
        return TryFields(body, required: false, out var fields, out error) && TryWriteScope(caller, fields, route.User, out scope, out error);
    }

    public static bool TryCreateVariable(ApiCaller caller, DifyConversationRoute route, JsonBody body, out DifyNewVariable request, out DifyErrorResult error)
    {
        request = null!;
        if (!TryFields(body, required: true, out var fields, out error))
        {
            return false;
        }

        var name = fields.Text("name");
        var valueType = fields.Text("value_type");
        var value = fields.AnyValue("value", MaxJsonBytes);
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

        if (!TryWriteScope(caller, fields, route.User, out var scope, out error))
        {
            return false;
        }

        request = new DifyNewVariable(scope, route.ConversationId, name!, valueType!, value!.Value, description ?? "");
        return true;
    }

    public static bool TryUpdateVariable(ApiCaller caller, DifyVariableRoute route, JsonBody body, out DifyNewValue request, out DifyErrorResult error)
    {
        request = null!;
        if (!TryFields(body, required: true, out var fields, out error))
        {
            return false;
        }

        var value = fields.AnyValue("value", MaxJsonBytes);
        if (value is null)
        {
            fields.Reject("value", "value is required.");
        }

        if (!TryWriteScope(caller, fields, route.User, out var scope, out error))
        {
            return false;
        }

        request = new DifyNewValue(scope, route.ConversationId, route.VariableId, value!.Value);
        return true;
    }


    internal static bool TryLimit(string? text, out int limit, out DifyErrorResult error)
    {
        (limit, var problem) = QueryRules.Bounded(QueryRules.Given(text), 20, 1, 100);
        error = problem == QueryRules.IntProblem.None ? null! : DifyErrors.InvalidParam("limit must be an integer between 1 and 100.");
        return problem == QueryRules.IntProblem.None;
    }

    internal static bool TryLastId(string? text, out string? lastId, out DifyErrorResult error)
    {
        lastId = QueryRules.Given(text);
        error = lastId is null || ItemIds.IsWellFormed(lastId) ? null! : DifyErrors.InvalidParam("last_id must be a UUID.");
        return error is null;
    }

    /// <summary>
    /// The caller's user scope; Dify falls back to a default end user when <c>user</c> is not sent (or
    /// sent empty, as Dify's Python SDK sends unset parameters), which a key that must name an end
    /// user may not do (403).
    /// </summary>
    internal static bool TryScope(ApiCaller caller, string? user, out UserScope scope, out DifyErrorResult error)
    {
        user = QueryRules.Given(user);
        if (user is { Length: > MaxUserLength } || (user is null && caller.MustNameUser))
        {
            scope = null!;
            error = user is null
                ? DifyErrors.Forbidden("This API key must name an end user: send user.")
                : DifyErrors.InvalidParam($"user must be at most {MaxUserLength} characters.");
            return false;
        }

        scope = UserScope.User(caller.TenantId, user ?? UserScope.Anonymous);
        error = null!;
        return true;
    }

    internal static bool IsVariableName(string name) => VariableName().IsMatch(name);

    private static bool TryFields(JsonBody body, bool required, out BodyFields fields, out DifyErrorResult error)
    {
        var problem = required ? body.Required : body.Problem;
        fields = new BodyFields(body.Root);
        error = problem is null ? null! : DifyErrors.Body(problem);
        return problem is null;
    }

    /// <summary>
    /// After a parser has read its fields: the first field error, else the caller's scope from the
    /// body's <c>user</c> (as Dify's SDKs send it) or the query's.
    /// </summary>
    private static bool TryWriteScope(ApiCaller caller, BodyFields fields, string? queryUser, out UserScope scope, out DifyErrorResult error)
    {
        var user = fields.Text("user") ?? QueryRules.Given(queryUser);
        if (fields.Error is not null)
        {
            scope = null!;
            error = DifyErrors.InvalidParam(fields.Error);
            return false;
        }

        return TryScope(caller, user, out scope, out error);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,255}$")]
    private static partial Regex VariableName();
}
