using System.Net;
using Conversations.Api.Health;
using Conversations.Api.Tests.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;

namespace Conversations.Api.Tests.Protection;

/// <summary>/readyz is anonymous: however often it is called, each backend is asked at most once per cache lifetime.</summary>
public sealed class ReadinessCacheTests(SqliteApiHost host) : IClassFixture<SqliteApiHost>
{
    [Fact]
    public async Task Probes_within_the_cache_lifetime_share_one_check_and_a_later_probe_checks_again()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var check = new CountingCheck();
        using var server = host.Server.WithWebHostBuilder(builder => builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(time);
            services.AddHealthChecks().AddCheck("counting", check, tags: [HealthProbes.ReadyTag]);
        }));
        using var client = server.CreateClient();

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync("/readyz")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(1, check.Calls);

        time.Advance(ReadinessCache.Lifetime - TimeSpan.FromMilliseconds(1));
        await client.GetAsync("/readyz");
        Assert.Equal(1, check.Calls);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(2, check.Calls);
    }

    private sealed class CountingCheck : IHealthCheck
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return Task.FromResult(HealthCheckResult.Healthy());
        }
    }
}
