using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Conversations.Api.Health;

/// <summary>
/// The two probes both hosts serve, anonymous and cheap: <c>/healthz</c> says the process answers (no
/// I/O), <c>/readyz</c> asks each dependency tagged <see cref="ReadyTag"/> (the store, the key registry)
/// with a short timeout and answers 503 naming the ones that failed; its answer is reused for a few
/// seconds (<see cref="ReadinessCache"/>). Nothing secret is shown.
/// </summary>
public static class HealthProbes
{
    public const string LivenessPath = "healthz";
    public const string ReadinessPath = "readyz";
    public const string ReadyTag = "ready";

    /// <summary>How long each readiness check may take.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static Task WriteLivenessAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return WriteAsync(context, new HealthReport(new Dictionary<string, HealthReportEntry>(), TimeSpan.Zero));
    }

    public static async Task WriteReadinessAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var report = await context.RequestServices.GetRequiredService<ReadinessCache>().GetAsync().WaitAsync(context.RequestAborted);
        await WriteAsync(context, report);
    }

    /// <summary><c>{"status": …, "checks": {name: {"status", "description"}}}</c>; 503 unless healthy.</summary>
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(report);
        context.Response.StatusCode = report.Status == HealthStatus.Healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        ResponseHeaders.Apply(context.Response);
        var body = new HealthAnswer(
            report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new HealthCheckAnswer(e.Value.Status.ToString(), e.Value.Description)));
        return context.Response.WriteAsJsonAsync(body, HealthJsonContext.Default.HealthAnswer);
    }
}

public sealed record HealthAnswer(string Status, IReadOnlyDictionary<string, HealthCheckAnswer> Checks);

public sealed record HealthCheckAnswer(string Status, string? Description);

[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
[System.Text.Json.Serialization.JsonSerializable(typeof(HealthAnswer))]
internal sealed partial class HealthJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
