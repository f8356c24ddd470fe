using System.Text.Encodings.Web;
using Conversations.Api.RateLimiting;
using Conversations.Keys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Conversations.Api.Auth;

/// <summary>
/// The <c>ApiKey</c> scheme: <c>Authorization: Bearer &lt;key&gt;</c> checked by
/// <see cref="ApiKeyAuthenticator"/>, a known key becoming <see cref="ApiKeyClaims.Principal"/>. Both
/// hosts authenticate through it from <c>ApiPipeline</c> (a Functions app has no authentication
/// middleware of its own), which answers a failure in the route's dialect: a registry that cannot
/// answer fails with <see cref="KeyRegistryUnavailableException"/> (a 503), anything else is a 401.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyAuthenticator authenticator)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.ContainsKey(HeaderNames.Authorization))
        {
            // Not an attempt (a health probe, say): nothing to check or log. ApiPipeline still answers 401.
            return AuthenticateResult.NoResult();
        }

        // ASP.NET Core runs the only scheme from its own authentication middleware too, ahead of
        // ApiPipeline's gate: an address that used up its failed attempts costs no registry read here either.
        if (Context.RequestServices.GetService<ApiRateLimiter>()?.FailedAuthenticationWait(Context) is not null)
        {
            return AuthenticateResult.Fail("Too many failed authentications from this address.");
        }

        var check = await authenticator.AuthenticateAsync(Request, Context.RequestAborted);
        if (check.IsUnavailable)
        {
            return AuthenticateResult.Fail(new KeyRegistryUnavailableException("The key registry did not answer.", null, check.RetryAfter));
        }

        // The failure text reaches debug logs: it names no key.
        return check.IsKnown
            ? AuthenticateResult.Success(new AuthenticationTicket(ApiKeyClaims.Principal(check.Key), Scheme.Name))
            : AuthenticateResult.Fail("No valid API key.");
    }
}
