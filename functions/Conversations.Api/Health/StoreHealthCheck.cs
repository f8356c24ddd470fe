using Conversations.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conversations.Api.Health;

/// <summary>Ready only when the conversation store answers (its cheapest call, within the check's timeout).</summary>
internal sealed class StoreHealthCheck(IConversationStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.CheckAvailableAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (StoreUnavailableException)
        {
            // The description is all a probe shows: which dependency, never why in detail.
            return HealthCheckResult.Unhealthy("The conversation store does not answer.");
        }
    }
}
