using Conversations.Keys;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conversations.Api.Auth;

/// <summary>
/// Whether the key registry answers, for readiness probes: one point read of a row that never exists,
/// bounded by <see cref="Timeout"/>, so a probe is cheap and never hangs.
/// </summary>
public sealed class KeyRegistryHealthCheck(IApiKeyStore store) : IHealthCheck
{
    public const string Name = "key-registry";

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await store.ProbeAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (KeyRegistryUnavailableException e)
        {
            return HealthCheckResult.Unhealthy("The key registry does not answer.", e);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"The key registry did not answer within {Timeout.TotalSeconds:0} s.");
        }
    }
}
