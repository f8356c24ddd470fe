using System.Diagnostics;
using System.Security.Claims;
using Conversations.Api.Auth;
using Conversations.Api.RateLimiting;
using Conversations.Api.Telemetry;
using Conversations.Keys;
using Conversations.Storage;
using Conversations.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conversations.Api.Http;

/// <summary>
/// What runs around every API route on both hosts, before the handler's parameters are bound:
/// authentication (the <c>ApiKey</c> scheme, whose principal becomes <c>HttpContext.User</c>), the
/// key's permission to write, the dialect's tenant check, a refusal of query values no handler should see,
/// the request deadline, and the translation of failures into the dialect's own answers. The
/// self-hosted server runs it as middleware in front of the matched endpoint; the Functions app runs it
/// around the same endpoint's request delegate. Handlers therefore only see authenticated requests and
/// never catch store failures themselves.
/// </summary>
public static class ApiPipeline
{
    public static async Task RunAsync(HttpContext context, ApiRoute route, RequestDelegate endpoint)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(endpoint);
        var services = context.RequestServices;
        var dialect = route.Dialect;
        using var activity = ConversationsDiagnostics.ActivitySource.StartActivity(route.Name);
        activity?.SetTag("conversations.dialect", dialect.Name);
        activity?.SetTag("conversations.operation", route.Name);

        ResponseHeaders.Apply(context.Response);

        // The deadline replaces the request's abort token, so everything bound after this point (the
        // handler's CancellationToken, the store calls) is cancelled when it passes.
        var clientAborted = context.RequestAborted;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(clientAborted);
        deadline.CancelAfter(services.GetRequiredService<IOptions<ApiOptions>>().Value.RequestTimeout);
        context.RequestAborted = deadline.Token;
        try
        {
            if (await AdmitAsync(context, route, activity) is { } refusal)
            {
                await refusal.ExecuteAsync(context);
                return;
            }

            await endpoint(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && Answer(e, context, route, clientAborted) is { } answer)
        {
            await answer.ExecuteAsync(context);
        }
        finally
        {
            context.RequestAborted = clientAborted;
        }
    }

    /// <summary>Null when the request may reach the handler, else the dialect's answer.</summary>
    private static async ValueTask<IResult?> AdmitAsync(HttpContext context, ApiRoute route, Activity? activity)
    {
        var request = context.Request;
        var dialect = route.Dialect;
        if (RateLimitGate.BeforeAuthentication(context, dialect) is { } tooManyFailures)
        {
            return tooManyFailures;
        }

        var key = await context.AuthenticateAsync(ApiKeyClaims.Scheme);
        if (key.Failure is KeyRegistryUnavailableException unavailable)
        {
            return dialect.Unavailable(unavailable.RetryAfter ?? TimeSpan.FromSeconds(1));
        }

        if (!key.Succeeded)
        {
            RateLimitGate.AuthenticationFailed(context);
            return dialect.Unauthorized();
        }

        var user = context.User = key.Principal;
        var tenant = user.FindFirstValue(ApiKeyClaims.Tenant)!;
        var keyId = user.FindFirstValue(ApiKeyClaims.KeyId)!;
        activity?.SetTag("conversations.key.id", keyId);
        if (RateLimitGate.Admit(context, dialect, keyId, tenant) is { } overLimit)
        {
            return overLimit;
        }

        if (dialect.RejectTenant(request, tenant) is { } rejection)
        {
            return rejection;
        }

        var authorization = context.RequestServices.GetRequiredService<IAuthorizationService>();
        if (!HttpMethods.IsGet(route.Method) && !(await authorization.AuthorizeAsync(user, ApiKeyPolicies.Write)).Succeeded)
        {
            return dialect.Forbidden("This API key may only read.");
        }

        foreach (var (name, values) in request.Query)
        {
            if (values.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            {
                return dialect.InvalidParameter(name, $"{name} must not contain NUL characters.");
            }
        }

        activity?.SetTag("conversations.tenant.hash", context.RequestServices.GetRequiredService<TenantTag>().For(tenant));
        var mayOmitUser = (await authorization.AuthorizeAsync(user, ApiKeyPolicies.AllUsers)).Succeeded;
        context.Features.Set(new ApiCaller(tenant) { MustNameUser = !mayOmitUser });
        return null;
    }

    /// <summary>The dialect's answer to a failure, or null for a client that went away (nothing to answer).</summary>
    private static IResult? Answer(Exception exception, HttpContext context, ApiRoute route, CancellationToken clientAborted)
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiPipeline).FullName!);
        switch (exception)
        {
            case StoreUnavailableException unavailable:
                var retryAfter = unavailable.RetryAfter is { } wait && wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1);
                ApiLog.StoreUnavailable(logger, unavailable, route.Name, retryAfter);
                return route.Dialect.Unavailable(retryAfter);
            case StoreLimitExceededException tooLarge:
                return route.Dialect.InvalidBody(new BodyProblem(BodyProblemKind.TooLarge, tooLarge.Message));
            case OperationCanceledException when clientAborted.IsCancellationRequested:
                return null;
            case OperationCanceledException canceled:
                ApiLog.DeadlinePassed(logger, canceled, route.Name);
                return route.Dialect.Unavailable(TimeSpan.FromSeconds(1));
            default:
                ApiLog.Unexpected(logger, exception, route.Name);
                return route.Dialect.Failure(StatusCodes.Status500InternalServerError, "The server failed to answer this request.");
        }
    }
}
