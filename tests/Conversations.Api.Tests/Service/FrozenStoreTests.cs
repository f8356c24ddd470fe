using System.Net;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;

namespace Conversations.Api.Tests.Service;

/// <summary>
/// A store that stops answering (a process frozen, a network that drops packets: a proxy holding every
/// byte): <c>/healthz</c> still says the process answers, <c>/readyz</c> turns 503 naming the store, and
/// an API request gets 503 with Retry-After at its deadline instead of hanging; all recover when the
/// store answers again.
/// </summary>
public abstract class FrozenStoreTests<THost>(THost host, Func<THost, Conversations.Testing.FreezableTcpProxy> proxy) : IClassFixture<THost> where THost : ApiHost
{
    [Fact]
    public async Task Both_probes_answer_200_without_a_key_when_everything_answers()
    {
        var client = host.CreateClient();

        using var live = await ProbeAsync(client, "/healthz", HttpStatusCode.OK);
        using var ready = await ReadyAsync(client);

        Assert.Equal("Healthy", live.RootElement.GetProperty("status").GetString());
        Assert.Empty(live.RootElement.GetProperty("checks").EnumerateObject());
        Assert.Equal(["key-registry", "store"], ready.RootElement.GetProperty("checks").EnumerateObject().Select(c => c.Name).Order());
        Assert.All(ready.RootElement.GetProperty("checks").EnumerateObject(), c => Assert.Equal("Healthy", c.Value.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Readiness_turns_503_naming_the_store_while_it_does_not_answer_and_200_when_it_returns()
    {
        var client = host.CreateClient();
        (await ReadyAsync(client)).Dispose();

        proxy(host).Freeze();
        try
        {
            using var down = await UnreadyAsync(client);
            var store = down.RootElement.GetProperty("checks").GetProperty("store");
            Assert.Equal("Unhealthy", store.GetProperty("status").GetString());
            Assert.Equal("Healthy", down.RootElement.GetProperty("checks").GetProperty("key-registry").GetProperty("status").GetString());
            Assert.DoesNotContain("127.0.0.1", down.RootElement.GetRawText(), StringComparison.Ordinal);
            using var alive = await ProbeAsync(client, "/healthz", HttpStatusCode.OK);
        }
        finally
        {
            proxy(host).Thaw();
        }

        (await ReadyAsync(client)).Dispose();
    }

    [Theory]
    [InlineData("/v1/conversations?user=u")]
    [InlineData("/openai/v1/conversations")]
    [InlineData("/api/v1/conversations")]
    public async Task A_request_to_a_store_that_stopped_answering_gets_503_with_retry_after_at_the_deadline(string path)
    {
        var client = host.NewTenant().Client();
        // Before the freeze the request must succeed; on a loaded machine a first request (the store
        // client's set-up, code not yet compiled) can outlast the 2 s deadline, so it is retried until
        // it does. Only the request sent while the store is frozen has to meet the deadline.
        await AnswersAsync(client, path);

        proxy(host).Freeze();
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var response = await client.GetAsync(path);

            // At the 2 s deadline, not the Cosmos SDK's 65 s timeout; room above it for a loaded machine.
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20));
            await Hostile.DialectErrors.AssertUnavailableAsync(response, path);
            Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        }
        finally
        {
            proxy(host).Thaw();
        }

        await AnswersAsync(client, path);
    }

    /// <summary>
    /// Polls readiness until it is 503: a readiness answer is reused for a few seconds
    /// (<see cref="Conversations.Api.Health.ReadinessCache"/>), so the change shows within that time
    /// plus one check's timeout, with room for a loaded machine.
    /// </summary>
    private static async Task<JsonDocument> UnreadyAsync(HttpClient client)
    {
        string? body = null;
        Assert.True(
            await Conversations.Testing.Eventually.HoldsAsync(
                async () =>
                {
                    var response = await client.GetAsync("/readyz");
                    body = await response.Content.ReadAsStringAsync();
                    return response.StatusCode == HttpStatusCode.ServiceUnavailable;
                },
                Conversations.Api.Health.ReadinessCache.Lifetime + TimeSpan.FromSeconds(30)),
            "/readyz did not answer 503 once the store stopped answering");
        return JsonDocument.Parse(body!);
    }

    /// <summary>Sends the request until it is answered 200, as a client retrying a 503 would: the store answers.</summary>
    private static async Task AnswersAsync(HttpClient client, string path) =>
        Assert.True(
            await Conversations.Testing.Eventually.HoldsAsync(async () => (await client.GetAsync(path)).StatusCode == HttpStatusCode.OK, TimeSpan.FromSeconds(60)),
            $"{path} was not answered 200 within 60 s");

    /// <summary>Polls readiness as a load balancer does, until it is 200 (a loaded machine can outlast one check's timeout).</summary>
    private static async Task<JsonDocument> ReadyAsync(HttpClient client)
    {
        var body = "";
        var ready = await Conversations.Testing.Eventually.HoldsAsync(
            async () =>
            {
                using var response = await client.GetAsync("/readyz");
                body = await response.Content.ReadAsStringAsync();
                return response.StatusCode == HttpStatusCode.OK;
            },
            TimeSpan.FromSeconds(60));
        Assert.True(ready, $"/readyz did not turn 200 within 60 s: {body}");
        return JsonDocument.Parse(body);
    }

    private static async Task<JsonDocument> ProbeAsync(HttpClient client, string path, HttpStatusCode status)
    {
        var response = await client.GetAsync(path);
        Assert.True(status == response.StatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }
}

public sealed class FrozenStoreTestsOnServer(FreezableCosmosApiHost host) : FrozenStoreTests<FreezableCosmosApiHost>(host, h => h.Store.Proxy);

public sealed class FrozenStoreTestsOnFunctions(FunctionsFreezableCosmosApiHost host) : FrozenStoreTests<FunctionsFreezableCosmosApiHost>(host, h => h.Store.Proxy);
