using Conversations.Keys;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conversations.Api.Auth;

/// <summary>
/// Ready only when the key registry answers: one point read of a row that never exists, so a probe is
/// cheap; the registration bounds it with the readiness timeout.
/// </summary>
public sealed class KeyRegistryHealthCheck(IApiKeyStore store) : IHealthCheck
{
    public const string Name = "key-registry";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.ProbeAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (KeyRegistryUnavailableException)
        {
            // The description is all a probe shows: which dependency, never why in detail.
            return HealthCheckResult.Unhealthy("The key registry does not answer.");
        }
    }
}
