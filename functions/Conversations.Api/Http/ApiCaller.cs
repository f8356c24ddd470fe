using System.Reflection;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Http;

/// <summary>
/// Who is calling: the tenant the request's API key proves. <see cref="ApiPipeline"/> authenticates
/// before the handler's parameters are bound and leaves the caller in the request's features, so a
/// handler that takes an <see cref="ApiCaller"/> only ever runs for an authenticated request.
/// </summary>
public sealed record ApiCaller(string TenantId)
{
    /// <summary>
    /// The key may not act without naming an end user (a <c>--require-user</c> key): the dialects answer
    /// 403 to a tenant-wide or user-less request.
    /// </summary>
    public bool MustNameUser { get; init; }

    public static ValueTask<ApiCaller?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<ApiCaller?>(context.Features.Get<ApiCaller>()
            ?? throw new InvalidOperationException("A handler that takes an ApiCaller ran outside ApiPipeline."));
    }
}
