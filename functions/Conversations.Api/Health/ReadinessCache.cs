using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conversations.Api.Health;

/// <summary>
/// The last readiness report, kept for <see cref="Lifetime"/>: <c>/readyz</c> is anonymous, so however
/// often it is called, the store and the key registry are asked at most once per lifetime per
/// instance. Probes that arrive while a check runs wait for that check instead of starting another.
/// </summary>
public sealed class ReadinessCache(HealthCheckService health, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private Task<HealthReport>? _report;
    private long _checkedAt;

    public Task<HealthReport> GetAsync()
    {
        lock (_lock)
        {
            if (_report is null || (_report.IsCompleted && time.GetElapsedTime(_checkedAt) >= Lifetime))
            {
                _checkedAt = time.GetTimestamp();
                // Not the caller's token: the check is shared, and one probe going away must not fail the others.
                _report = health.CheckHealthAsync(check => check.Tags.Contains(HealthProbes.ReadyTag), CancellationToken.None);
            }

            return _report;
        }
    }
}
