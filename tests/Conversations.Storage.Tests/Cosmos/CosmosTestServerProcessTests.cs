using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Conversations.Testing;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>
/// tests/cosmos-server/start.js serves until it is stopped, whatever its stdin (so the README's
/// background command keeps it running); a test process asks for it to end with its stdin pipe.
/// </summary>
public sealed class CosmosTestServerProcessTests
{
    [Fact]
    public async Task The_server_keeps_serving_after_its_stdin_closes()
    {
        var (server, port) = await StartAsync();
        try
        {
            server.StandardInput.Close();

            // Two requests answered after the close: the server's event loop has read the end of its
            // input by then (it was ready before either connection), and kept serving.
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
            for (var i = 0; i < 2; i++)
            {
                using var response = await client.GetAsync(new Uri("/", UriKind.Relative));
                Assert.NotEqual(0, (int)response.StatusCode);
            }

            Assert.False(server.HasExited);
        }
        finally
        {
            await StopAsync(server);
        }
    }

    [Fact]
    public async Task With_exit_on_stdin_close_the_server_ends_when_its_stdin_closes()
    {
        var (server, _) = await StartAsync("--exit-on-stdin-close");
        try
        {
            server.StandardInput.Close();
            using var ended = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await server.WaitForExitAsync(ended.Token);

            Assert.Equal(0, server.ExitCode);
        }
        finally
        {
            await StopAsync(server);
        }
    }

    private static async Task<(Process Server, int Port)> StartAsync(params string[] flags)
    {
        var start = new ProcessStartInfo("node", ["start.js", "0", .. flags])
        {
            WorkingDirectory = CosmosTestServer.ServerFolder(),
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        var server = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        var ready = await server.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)) ?? "";
        Assert.StartsWith("listening ", ready, StringComparison.Ordinal);
        return (server, int.Parse(ready["listening ".Length..], CultureInfo.InvariantCulture));
    }

    private static async Task StopAsync(Process server)
    {
        if (!server.HasExited)
        {
            server.Kill();
        }

        await server.WaitForExitAsync();
        server.Dispose();
    }
}
