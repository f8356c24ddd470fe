using System.Diagnostics;
using System.Net;
using Conversations.Api.Tests.Hosting;
using Conversations.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.TestHost;
using OpenTelemetry.Trace;

namespace Conversations.Api.Tests.Service;

/// <summary>
/// Each API request leaves a span of the service's own source with what it did and what it cost in
/// the store; the server exports it through its OpenTelemetry pipeline, and it never carries the key.
/// </summary>
public sealed class TelemetryTests(CosmosApiHost host) : IClassFixture<CosmosApiHost>
{
    [Fact]
    public async Task A_list_on_cosmos_exports_a_span_with_the_dialect_operation_page_size_round_trips_and_request_charge()
    {
        var exported = new List<Activity>();
        // The server sets telemetry up only when an exporter is configured; the console's needs nothing else.
        using var traced = host.Server.WithWebHostBuilder(b => b
            .UseSetting("Telemetry:Console", "true")
            .ConfigureTestServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(exported))));
        var tenant = host.NewTenant();
        var client = traced.CreateClientFor(tenant);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/openai/v1/conversations", null)).StatusCode);

        // The exporter sees every span of this process, tests of other hosts running meanwhile
        // included: this request's trace id (W3C traceparent) picks out its own.
        var trace = ActivityTraceId.CreateRandom();
        using var list = new HttpRequestMessage(HttpMethod.Get, "/openai/v1/conversations?limit=5");
        list.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom()}-01");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(list)).StatusCode);

        var span = await SpanAsync(exported, "OpenAIListConversations", trace);
        Assert.Equal(ConversationsDiagnostics.Name, span.Source.Name);
        Assert.Equal("OpenAI", span.GetTagItem("conversations.dialect"));
        Assert.Equal(1, span.GetTagItem("conversations.page.size"));
        Assert.True(span.GetTagItem(StoreTelemetry.RoundTripsTag) is int trips && trips >= 1);
        Assert.True(span.GetTagItem(StoreTelemetry.RequestChargeTag) is double charge && charge > 0);
        var tag = (string)span.GetTagItem("conversations.tenant.hash")!;
        Assert.Matches("^[0-9a-f]{16}$", tag);
        // Keyed with a deployment secret: not the plain hash anyone could compute from a guessed tenant name.
        Assert.NotEqual(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(tenant.Id)))[..16], tag);
        Assert.Equal(traced.Services.GetRequiredService<Conversations.Api.Telemetry.TenantTag>().For(tenant.Id), tag);
        // The key is named by its id (a configured key: its place in configuration), never by the key or its hash.
        Assert.Matches("^config-[0-9]+$", (string)span.GetTagItem("conversations.key.id")!);
        Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains(tenant.Key, StringComparison.Ordinal) == true);
        Assert.DoesNotContain(span.TagObjects, t => t.Value?.ToString()?.Contains(Conversations.Keys.ApiKeyFormat.Hash(tenant.Key), StringComparison.Ordinal) == true);
    }

    // The exporter runs when the span ends, just after the response is written.
    private static async Task<Activity> SpanAsync(List<Activity> exported, string name, ActivityTraceId trace)
    {
        Activity? span = null;
        var found = await Conversations.Testing.Eventually.HoldsAsync(
            () =>
            {
                lock (exported)
                {
                    return (span = exported.FirstOrDefault(a => a.DisplayName == name && a.TraceId == trace)) is not null;
                }
            },
            TimeSpan.FromSeconds(30));
        return found ? span! : throw new Xunit.Sdk.XunitException($"No span named {name} was exported.");
    }
}

/// <summary>The Functions app exports the same span through the worker's OpenTelemetry pipeline.</summary>
public sealed class FunctionsTelemetryTests(FunctionsTracedCosmosApiHost host) : IClassFixture<FunctionsTracedCosmosApiHost>
{
    [Fact]
    public async Task A_list_on_cosmos_through_the_worker_exports_a_span_with_the_request_charge()
    {
        var client = host.NewTenant().Client();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/api/v1/conversations", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/conversations")).StatusCode);

        await Conversations.Testing.Eventually.HoldsAsync(() => host.Output.Contains("MieltoListConversations", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        // The console exporter prints a span as "Activity.DisplayName: <name>" followed by its tags.
        var output = host.Output;
        var start = output.IndexOf("Activity.DisplayName:        MieltoListConversations", StringComparison.Ordinal);
        Assert.True(start >= 0, output);
        var span = output.Substring(start, Math.Min(4000, output.Length - start));
        Assert.Contains(StoreTelemetry.RequestChargeTag, span, StringComparison.Ordinal);
        Assert.Contains(StoreTelemetry.RoundTripsTag, span, StringComparison.Ordinal);
    }
}
