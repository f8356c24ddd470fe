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
    public static ValueTask<ApiCaller?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult<ApiCaller?>(context.Features.Get<ApiCaller>()
            ?? throw new InvalidOperationException("A handler that takes an ApiCaller ran outside ApiPipeline."));
    }
}
