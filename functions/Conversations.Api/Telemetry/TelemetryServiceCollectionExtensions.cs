using Azure.Core;
using Azure.Identity;
using Conversations.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Conversations.Api.Telemetry;

/// <summary>
/// OpenTelemetry for both hosts: the service's own traces and metrics (source and meter
/// <c>Conversations</c>: per request the dialect, operation, tenant hash, page size, store round trips
/// and Cosmos DB request charge) and outgoing HTTP. Exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, to the console when <c>Telemetry__Console</c> is true;
/// each host adds its own server instrumentation and its Azure Monitor exporter when
/// <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set. With none of these, a host registers no
/// telemetry at all (<see cref="IsExported"/>).
/// </summary>
public static class TelemetryServiceCollectionExtensions
{
    public const string ServiceName = "conversations-api";

    /// <summary>The Cosmos DB SDK's activity source (Azure Cosmos DB SDK observability).</summary>
    public const string CosmosOperationSource = "Azure.Cosmos.Operation";

    public static OpenTelemetryBuilder AddConversationsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        // The Cosmos DB SDK traces each operation (with its request charge) through Azure.Core's
        // activity sources, which Azure.Core opens only with this switch on.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithTracing(tracing => tracing.AddSource(ConversationsDiagnostics.Name, CosmosOperationSource).AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics.AddMeter(ConversationsDiagnostics.Name).AddHttpClientInstrumentation());
        if (!string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            telemetry.UseOtlpExporter();
        }

        if (configuration.GetValue<bool>("Telemetry:Console"))
        {
            telemetry
                .WithTracing(tracing => tracing.AddConsoleExporter())
                .WithMetrics(metrics => metrics.AddConsoleExporter())
                .WithLogging(logging => logging.AddConsoleExporter());
        }

        return telemetry;
    }

    /// <summary>
    /// Whether any exporter is configured. Without one, OpenTelemetry would still build its providers at
    /// start (~25 ms of a ~300 ms start) and record an activity per request, all for nothing.
    /// </summary>
    public static bool IsExported(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            || configuration.GetValue<bool>("Telemetry:Console")
            || ExportsToAzureMonitor(configuration);
    }

    /// <summary>Whether telemetry goes to Application Insights.</summary>
    public static bool ExportsToAzureMonitor(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration?["APPLICATIONINSIGHTS_CONNECTION_STRING"]);

    /// <summary>
    /// The credential Azure Monitor accepts telemetry with when the resource has local auth turned off,
    /// as the platform's own <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c> names it
    /// (<c>Authorization=AAD</c>, optionally <c>ClientId=…</c> for a user-assigned identity); null for
    /// instrumentation-key authentication.
    /// </summary>
    public static TokenCredential? AzureMonitorCredential(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var parts = (configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .ToDictionary(pair => pair[0], pair => pair[1], StringComparer.OrdinalIgnoreCase);
        if (!parts.TryGetValue("Authorization", out var authorization) || !authorization.Equals("AAD", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return parts.TryGetValue("ClientId", out var clientId)
            ? new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId))
            : new DefaultAzureCredential();
    }
}
