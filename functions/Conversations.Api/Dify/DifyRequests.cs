using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Dify;

/// <summary>The request rules Dify's endpoints share: the end user, page size and item ids.</summary>
internal static class DifyRequests
{
    public const int MaxUserLength = 255;

    /// <summary>The caller's user scope; Dify falls back to a default end user when <c>user</c> is not sent.</summary>
    public static UserScope? Scope(ApiRequest request, string? user) =>
        user is { Length: > MaxUserLength } ? null : UserScope.User(request.TenantId, user ?? UserScope.Anonymous);

    public static IResult BadUser() => DifyErrors.InvalidParam($"user must be at most {MaxUserLength} characters.");

    public static (int Limit, IResult? Error) Limit(ApiRequest request)
    {
        var (limit, problem) = QueryRules.Bounded(request.Query("limit"), 20, 1, 100);
        return problem == QueryRules.IntProblem.None
            ? (limit, null)
            : (0, DifyErrors.InvalidParam("limit must be an integer between 1 and 100."));
    }

    /// <summary><c>last_id</c>, which must be a UUID when given.</summary>
    public static (string? LastId, IResult? Error) LastId(ApiRequest request)
    {
        var lastId = request.Query("last_id");
        return lastId is null || ItemIds.IsWellFormed(lastId) ? (lastId, null) : (null, DifyErrors.InvalidParam("last_id must be a UUID."));
    }

    /// <summary>A write's JSON body, or the answer to a missing, oversized or malformed one.</summary>
    public static async Task<(BodyFields Fields, IResult? Error)> ReadBodyAsync(ApiRequest request, bool optional = false)
    {
        var (body, problem) = await JsonBody.ReadObjectAsync(request.Http, optional);
        return problem == BodyProblem.None ? (new BodyFields(body), null) : (new BodyFields(default), DifyErrors.Body(problem));
    }

    /// <summary>
    /// After a handler has read its fields: the first field error, else the caller's scope from the
    /// body's <c>user</c> (as Dify's SDKs send it) or the query's.
    /// </summary>
    public static (UserScope Scope, IResult? Error) WriteScope(ApiRequest request, BodyFields fields)
    {
        var user = fields.Text("user") ?? request.Query("user");
        if (fields.Error is not null)
        {
            return (null!, DifyErrors.InvalidParam(fields.Error));
        }

        return Scope(request, user) is { } scope ? (scope, null) : (null!, BadUser());
    }
}
