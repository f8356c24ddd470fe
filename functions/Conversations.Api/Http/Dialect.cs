using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Http;

/// <summary>
/// The answers every route must be able to give before or around its handler, in the envelope the
/// dialect's clients parse. Each dialect builds all its errors in one place (its <c>…Errors</c> class).
/// </summary>
public abstract class Dialect
{
    public abstract string Name { get; }

    public abstract IResult Unauthorized();

    /// <summary>The 503 body; <see cref="ApiRoute"/> adds <c>Retry-After</c>.</summary>
    public abstract IResult Unavailable();


    /// <summary>A dialect-specific tenant check after authentication (Mielto's <c>X-Workspace-Id</c>); null to accept.</summary>
    public virtual IResult? RejectTenant(HttpRequest request, string tenantId) => null;

    public override string ToString() => Name;
}
