using Conversations.Api.Telemetry;
using Conversations.Api.Tests.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Conversations.Api.Tests;

/// <summary>Telemetry is set up only when something exports it: otherwise it would cost start-up time and every request.</summary>
public sealed class TelemetryRegistrationTests(SqliteApiHost host) : IClassFixture<SqliteApiHost>
{
    [Theory]
    [InlineData(null, null, false)]
    [InlineData("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4317", true)]
    [InlineData("Telemetry:Console", "true", true)]
    [InlineData("Telemetry:Console", "false", false)]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING", "InstrumentationKey=00000000-0000-0000-0000-000000000000", true)]
    public void Telemetry_is_exported_when_an_exporter_is_configured(string? setting, string? value, bool exported)
    {
        var settings = setting is null ? [] : new Dictionary<string, string?> { [setting] = value };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();

        Assert.Equal(exported, TelemetryServiceCollectionExtensions.IsExported(configuration));
    }

    [Fact]
    public async Task The_server_builds_no_telemetry_providers_when_nothing_exports()
    {
        using var client = host.CreateClient();
        using var response = await client.GetAsync("/healthz");

        Assert.True(response.IsSuccessStatusCode);
        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
    }
}
