using Conversations.Api.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Conversations.Api.Tests.Protection;

/// <summary>
/// The limits follow a configuration change while the process runs (the server reloads its
/// <c>appsettings.json</c>): the limiter the API resolves, over the configuration the app reads.
/// </summary>
public sealed class RateLimitReloadTests : IDisposable
{
    private readonly IConfigurationRoot _configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RateLimits:PerKey:RequestsPerSecond"] = "1",
            ["RateLimits:PerKey:Burst"] = "3",
            ["RateLimits:PerTenant:RequestsPerSecond"] = "0",
        })
        .Build();

    private readonly FakeLogCollector _log = new();
    private readonly ServiceProvider _services;

    public RateLimitReloadTests()
    {
        _services = new ServiceCollection()
            .AddSingleton<IConfiguration>(_configuration)
            .AddSingleton<TimeProvider>(new FakeTimeProvider(DateTimeOffset.UtcNow))
            .AddLogging(logging => logging.AddProvider(new FakeLoggerProvider(_log)))
            .AddRateLimits()
            .BuildServiceProvider();
    }

    private ApiRateLimiter Limiter => _services.GetRequiredService<ApiRateLimiter>();

    [Fact]
    public void A_changed_limit_applies_without_a_restart_with_full_buckets()
    {
        Assert.Equal(3, AdmittedInARow("key"));

        _configuration["RateLimits:PerKey:Burst"] = "5";
        _configuration.Reload();

        Assert.Equal(5, AdmittedInARow("key"));
        Assert.Equal(5, Limiter.Admit("other", "tenant").State?.Limit);
        Assert.Contains(_log.GetSnapshot(), r => r.Level == LogLevel.Information && r.Message.Contains("burst of 5", StringComparison.Ordinal));
    }

    [Fact]
    public void A_limit_turned_off_stops_counting_and_headers_have_nothing_to_report()
    {
        Assert.Equal(3, AdmittedInARow("key"));

        _configuration["RateLimits:PerKey:Burst"] = "0";
        _configuration.Reload();

        var verdict = Limiter.Admit("key", "tenant");
        Assert.True(verdict.IsAdmitted);
        Assert.Null(verdict.State);
    }

    [Fact]
    public void An_invalid_change_is_logged_and_the_limits_in_force_stay()
    {
        Assert.Equal(3, AdmittedInARow("key"));

        _configuration["RateLimits:PerKey:Burst"] = "-1";
        _configuration.Reload();

        // The same bucket, still empty: not replaced by new limits, nor turned off.
        Assert.False(Limiter.Admit("key", "tenant").IsAdmitted);
        Assert.Equal(3, AdmittedInARow("other"));
        var warning = Assert.Single(_log.GetSnapshot(), r => r.Level == LogLevel.Warning);
        Assert.Contains("RateLimits:PerKey:Burst", warning.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _services.Dispose();

    /// <summary>Requests the key may send at once (the clock is stopped, so nothing refills).</summary>
    private int AdmittedInARow(string key)
    {
        var admitted = 0;
        while (admitted < 100 && Limiter.Admit(key, "tenant").IsAdmitted)
        {
            admitted++;
        }

        return admitted;
    }
}
