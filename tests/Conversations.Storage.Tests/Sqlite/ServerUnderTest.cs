using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>
/// The self-hosted server (Conversations.Server.dll, built beside these tests) as a child process on
/// one SQLite file, with a static API key of its own. <see cref="Crash"/> kills it the way kill -9 does.
/// </summary>
public sealed class ServerUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan StartupLimit = TimeSpan.FromSeconds(60);

    private readonly Process _process;

    private ServerUnderTest(Process process, HttpClient client)
    {
        _process = process;
        Client = client;
    }

    /// <summary>A client for the server's address, sending its API key.</summary>
    public HttpClient Client { get; }

    public static async Task<ServerUnderTest> StartAsync(string databasePath, string apiKey, string signingKey)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var dll = Path.Combine(AppContext.BaseDirectory, "Conversations.Server.dll");
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", address.ToString()])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["Storage__Provider"] = "Sqlite";
        start.Environment["Storage__Sqlite__Path"] = databasePath;
        start.Environment["Auth__ApiKeys__0__Tenant"] = "crash-test";
        start.Environment["Auth__ApiKeys__0__KeySha256"] = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(apiKey)));
        start.Environment["Cursors__SigningKey"] = signingKey;
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        var process = Process.Start(start) ?? throw new InvalidOperationException($"dotnet {dll} did not start.");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => errors.Enqueue(e.Data ?? "");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", apiKey);

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < StartupLimit && !process.HasExited)
        {
            try
            {
                using var probe = await client.GetAsync(new Uri("/v1/conversations?user=probe&limit=1", UriKind.Relative));
                if (probe.StatusCode == HttpStatusCode.OK)
                {
                    return new ServerUnderTest(process, client);
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(50);
        }

        process.Kill(entireProcessTree: true);
        client.Dispose();
        throw new InvalidOperationException($"The server did not answer within {StartupLimit.TotalSeconds} s: {string.Join('\n', errors)}");
    }

    public static string NewSigningKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>Ends the process at once, as SIGKILL does (what Process.Kill sends on Linux): no shutdown code runs.</summary>
    public async Task CrashAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        Client.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
