using Conversations.Api.Auth;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conversations.Api.Http;

/// <summary>
/// One route of the API: what both hosts map (the Kestrel server through endpoint routing, the
/// Functions app through one trigger per route). <see cref="HandleAsync"/> is the single entry point,
/// so authentication and the store-failure answers are the same whichever host runs it.
/// </summary>
public sealed record ApiRoute(string Name, string Method, string Template, Dialect Dialect, Func<ApiRequest, Task<IResult>> Handler)
{
    /// <summary>Runs the route for <paramref name="request"/>, with the route values the host matched.</summary>
    public async Task<IResult> HandleAsync(HttpRequest request, RouteValueDictionary routeValues)
    {
        ArgumentNullException.ThrowIfNull(request);
        var services = request.HttpContext.RequestServices;
        var key = await services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(request, request.HttpContext.RequestAborted);
        if (key.IsUnavailable)
        {
            return new RetryAfterResult(Dialect.Unavailable(), key.RetryAfter);
        }

        if (!key.IsKnown)
        {
            return Dialect.Unauthorized();
        }

        var tenant = key.Tenant;

        if (Dialect.RejectTenant(request, tenant) is { } rejection)
        {
            return rejection;
        }

        try
        {
            return await Handler(new ApiRequest(request, tenant, routeValues));
        }
        catch (StoreUnavailableException e)
        {
            var retryAfter = e.RetryAfter is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
            ApiLog.StoreUnavailable(services.GetRequiredService<ILogger<ApiRoute>>(), e, Name, retryAfter);
            return new RetryAfterResult(Dialect.Unavailable(), retryAfter);
        }
        catch (ConcurrencyConflictException)
        {
            return Dialect.Conflict();
        }
    }
}
