using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Http;

/// <summary>
/// One of the public APIs this service speaks. Each answers every error in the envelope and with the
/// codes its clients parse, built in one place (its <c>…Errors</c> class); this is what the shared
/// pipeline and the hosts need of it.
/// </summary>
public abstract class Dialect
{
    /// <summary>The name people know it by, also its OpenAPI tag.</summary>
    public abstract string Name { get; }

    /// <summary>The OpenAPI document name (<c>/openapi/{name}.json</c>).</summary>
    public abstract string DocumentName { get; }

    /// <summary>The path prefix of every route of the dialect, so errors outside any route still speak it.</summary>
    public abstract string PathPrefix { get; }

    public abstract IResult Unauthorized();

    /// <summary>A 403: the key is valid but may not do this.</summary>
    public abstract IResult Forbidden(string message);

    /// <summary>A 503 with <c>Retry-After</c>.</summary>
    public abstract IResult Unavailable(TimeSpan retryAfter);

    /// <summary>An error with no more specific wording: unknown route, wrong method, limits, an unexpected failure.</summary>
    public abstract IResult Failure(int status, string message);

    /// <summary>A 429 with <c>Retry-After</c>: the key, its tenant or the client address is over a limit.</summary>
    public abstract IResult TooManyRequests(TimeSpan retryAfter);

    /// <summary>Tells the client where it stands in its rate limit, for dialects that document headers for it.</summary>
    public virtual void WriteRateLimitHeaders(HttpResponse response, RateLimiting.RateLimitState state)
    {
    }

    /// <summary>A query parameter or header the pipeline refused before the handler ran.</summary>
    public abstract IResult InvalidParameter(string name, string message);

    /// <summary>A request body that could not be used at all.</summary>
    public abstract IResult InvalidBody(BodyProblem problem);

    /// <summary>A dialect-specific tenant check after authentication (Mielto's <c>X-Workspace-Id</c>); null to accept.</summary>
    public virtual IResult? RejectTenant(HttpRequest request, string tenantId) => null;

    public override string ToString() => Name;
}
