using Conversations.Api.Http;
using Conversations.Paging;
using Conversations.Storage;

namespace Conversations.Api.Mielto;

// Mielto's requests, parsed in one place: what a route binds (MieltoQueries.cs, a JsonBody) becomes
// the typed request its handler works with, or FastAPI's 422 that Mielto's clients expect.

/// <summary>A parsed list request; <c>After</c> is the position the signed cursor carried.</summary>
public sealed record MieltoConversationsPage(UserScope Scope, ConversationSort Sort, ConversationFilter Filter, int Limit, KeysetPosition? After, string CursorBinding);

/// <summary>A parsed create or update: whose conversation, and what to write.</summary>
public sealed record MieltoWrite(UserScope Scope, ConversationChanges Changes);

/// <summary>The rules Mielto's requests share, and the parsing of write bodies.</summary>
public static class MieltoRequests
{
    public const int MaxUserIdLength = 255;
    public const int MaxSearchLength = 255;

    /// <summary>A create: the user from the body or the query, and the fields to set.</summary>
    public static bool TryCreate(ApiCaller caller, MieltoCreateQuery query, JsonBody body, DateTimeOffset now, out MieltoWrite request, out MieltoErrorResult error) =>
        TryWrite(caller, query.UserId, body, now, out request, out error);

    /// <summary>An update: the fields present in the body, validated whole before anything is written.</summary>
    public static bool TryUpdate(ApiCaller caller, MieltoConversationRoute route, JsonBody body, DateTimeOffset now, out MieltoWrite request, out MieltoErrorResult error) =>
        TryWrite(caller, route.UserId, body, now, out request, out error);

    /// <summary>
    /// One user's conversations when <c>user_id</c> is given, else the whole workspace. An empty
    /// <c>user_id</c> is a 422, never the whole workspace; a key that must name a user gets 403 without one.
    /// </summary>
    public static bool TryScope(ApiCaller caller, string? userId, out UserScope scope, out MieltoErrorResult error)
    {
        ArgumentNullException.ThrowIfNull(caller);
        scope = null!;
        error = userId switch
        {
            { Length: 0 } => MieltoErrors.Query("user_id", "String should have at least 1 character", "string_too_short"),
            { Length: > MaxUserIdLength } => MieltoErrors.Query("user_id", $"String should have at most {MaxUserIdLength} characters", "string_too_long"),
            null when caller.MustNameUser => MieltoErrors.Detail(403, "This API key must name an end user: send user_id."),
            _ => null!,
        };
        if (error is not null)
        {
            return false;
        }

        scope = userId is null ? UserScope.WholeTenant(caller.TenantId) : UserScope.User(caller.TenantId, userId);
        return true;
    }

    private static bool TryWrite(ApiCaller caller, string? queryUserId, JsonBody body, DateTimeOffset now, out MieltoWrite request, out MieltoErrorResult error)
    {
        request = null!;
        if (body.Required is { } problem)
        {
            error = MieltoErrors.Body(problem);
            return false;
        }

        var fields = new BodyFields(body.Root);
        var userId = fields.Text("user_id", MaxUserIdLength) ?? queryUserId;
        if (fields.IsPresent("user_id") && userId is { Length: 0 })
        {
            fields.Reject("user_id", "String should have at least 1 character", "string_too_short");
        }

        var changes = MieltoConversationFields.Read(fields, now);
        if (fields.Error is not null)
        {
            error = MieltoErrors.Body(fields);
            return false;
        }

        if (!TryScope(caller, userId, out var scope, out var scopeError))
        {
            error = scopeError;
            return false;
        }

        request = new MieltoWrite(scope, changes);
        error = null!;
        return true;
    }
}
