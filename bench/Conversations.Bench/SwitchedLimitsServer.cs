using System.Net.Http.Headers;

namespace Conversations.Bench;

/// <summary>
/// A server whose rate limits the benchmark switches on and off while it runs, by rewriting the
/// appsettings.json in its content root (the limits follow configuration changes). On and off are
/// then measured in one process: two processes of one build differ in CPU per request by a few per
/// cent (what the JIT compiled when, memory layout), as much as the limiter may cost.
/// </summary>
internal sealed class SwitchedLimitsServer : IAsyncDisposable
{
    private static readonly TimeSpan SwitchTimeout = TimeSpan.FromSeconds(30);

    private readonly string _contentRoot;
    private readonly string _key;
    private readonly string _probePath;
    private bool _on;

    private SwitchedLimitsServer(string contentRoot, ServerProcess server, string key, string probePath)
    {
        _contentRoot = contentRoot;
        Server = server;
        _key = key;
        _probePath = probePath;
    }

    public ServerProcess Server { get; }

    /// <summary>A server with its limits on, at rates that never refuse; <paramref name="probePath"/> must be an OpenAI route, whose answers carry the limit headers.</summary>
    public static async Task<SwitchedLimitsServer> StartAsync(string serverDll, ServerSettings settings, string probePath)
    {
        var contentRoot = Directory.CreateTempSubdirectory("bench-limits-").FullName;
        await WriteAsync(contentRoot, on: true);
        var server = await ServerProcess.StartAppAsync(serverDll, settings.WithRateLimitsFrom(contentRoot).Environment, probePath, settings.Key);
        var switched = new SwitchedLimitsServer(contentRoot, server, settings.Key, probePath) { _on = true };
        await switched.AwaitAsync(on: true);
        return switched;
    }

    /// <summary>Switches the limits and returns once the server answers under the new ones.</summary>
    public async Task SwitchAsync(bool on)
    {
        if (_on != on)
        {
            await WriteAsync(_contentRoot, on);
            await AwaitAsync(on);
            _on = on;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Directory.Delete(_contentRoot, recursive: true);
    }

    /// <summary>Limits at the highest rates the options accept, or every limit off (0).</summary>
    private static async Task WriteAsync(string contentRoot, bool on)
    {
        var (rate, burst, failed) = on ? (1_000_000, 10_000_000, 60) : (0, 0, 0);
        var json = $$"""
            {
              "RateLimits": {
                "PerKey": { "RequestsPerSecond": {{rate}}, "Burst": {{burst}} },
                "PerTenant": { "RequestsPerSecond": {{rate}}, "Burst": {{burst}} },
                "FailedAuthPerMinute": {{failed}}
              }
            }
            """;
        // Written beside it and moved into place, so the server never reads half a file.
        var file = Path.Combine(contentRoot, "appsettings.json");
        await File.WriteAllTextAsync(file + ".new", json);
        File.Move(file + ".new", file, overwrite: true);
    }

    /// <summary>Polls until the OpenAI answers carry the limit headers (on) or not (off).</summary>
    private async Task AwaitAsync(bool on)
    {
        using var client = new HttpClient { BaseAddress = Server.Address };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _key);
        using var deadline = new CancellationTokenSource(SwitchTimeout);
        while (true)
        {
            using var answer = await client.GetAsync(_probePath, deadline.Token);
            answer.EnsureSuccessStatusCode();
            if (answer.Headers.Contains("x-ratelimit-limit-requests") == on)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), deadline.Token);
        }
    }
}
