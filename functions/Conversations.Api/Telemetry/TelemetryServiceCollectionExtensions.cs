using Azure.Core;
using Conversations.Api.Composition;
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
    /// Whether Azure Monitor takes telemetry only from a Microsoft Entra identity (the resource has
    /// local authentication off), as the platform's own <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>
    /// says with <c>Authorization=AAD</c>. The Functions host reads the same string for its own
    /// telemetry; the app's exporter then signs in with the app's one credential (the <c>Azure</c>
    /// section, see <see cref="AzureCredentialServiceCollectionExtensions"/>), so a
    /// <c>ClientId=…</c> in the string names the same identity as <c>Azure__clientId</c>.
    /// </summary>
    public static bool AuthenticatesWithEntraId(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return (configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"] ?? "")
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(part => part.Split('=', 2))
            .Any(pair => pair.Length == 2
                && pair[0].Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                && pair[1].Equals("AAD", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Gives an Azure Monitor exporter's options (<typeparamref name="TOptions"/>, the distro's or the
    /// exporter's) the app's one credential when Azure Monitor wants an Entra identity. Both packages
    /// read their options through <c>IOptionsMonitor</c> when the exporter is built, after this runs.
    /// </summary>
    public static IServiceCollection SignInToAzureMonitor<TOptions>(this IServiceCollection services, IConfiguration configuration, Action<TOptions, TokenCredential> setCredential)
        where TOptions : class
    {
        if (AuthenticatesWithEntraId(configuration))
        {
            services.AddAzureCredential(configuration);
            services.AddOptions<TOptions>().Configure(setCredential);
        }

        return services;
    }
}
