using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Conversations.Testing;

namespace Conversations.Functions.Tests;

/// <summary>How the local Functions host starts and ends with its worker: each test runs a host of its own.</summary>
public sealed class FunctionsHostLifetimeTests
{
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_worker_that_dies_fails_the_requests_in_flight_with_502_and_the_host_exits_non_zero()
    {
        var database = Path.Combine(Path.GetTempPath(), $"functions-host-{Guid.NewGuid():N}.db");
        var host = await FunctionsHostProcess.StartAsync(FunctionsAppOnSqlite.Settings(database));
        try
        {
            using var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", FunctionsAppOnSqlite.Key);
            var rest = new TaskCompletionSource();
            var halfSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // The request is in flight when the worker dies: half of its body sent, the rest never in time.
            var inFlight = client.PostAsync("/v1/conversations", new HalfSentJson("{\"user\":\"u\",", "\"name\":\"late\"}", halfSent, rest.Task));
            await halfSent.Task.WaitAsync(ExitTimeout);

            using (var worker = Process.GetProcessById(host.WorkerProcessId))
            {
                worker.Kill();
            }

            rest.SetResult();
            var response = await inFlight.WaitAsync(ExitTimeout);
            var exitCode = await host.Exited.WaitAsync(ExitTimeout);

            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.NotEqual(0, exitCode);
            Assert.Contains("The worker process exited unexpectedly", host.Output, StringComparison.Ordinal);
        }
        finally
        {
            await host.DisposeAsync();
            FunctionsAppOnSqlite.DeleteDatabase(database);
        }
    }

    [Fact]
    public async Task A_stopped_host_stops_its_worker_first_and_exits_zero()
    {
        var database = Path.Combine(Path.GetTempPath(), $"functions-host-{Guid.NewGuid():N}.db");
        var host = await FunctionsHostProcess.StartAsync(FunctionsAppOnSqlite.Settings(database));
        using var worker = Process.GetProcessById(host.WorkerProcessId);
        using (var client = host.CreateClient())
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/conversations")).StatusCode);
        }

        await host.DisposeAsync();
        FunctionsAppOnSqlite.DeleteDatabase(database);

        Assert.Equal(0, await host.Exited);
        Assert.True(worker.HasExited, "the worker outlived its host");
        // WorkerTerminate, not a kill: the worker stopped itself, within the grace period.
        Assert.Contains("The worker process exited with code 0", host.Output, StringComparison.Ordinal);
    }

    /// <summary>A chunked JSON body that sends its first part at once and the rest when told to.</summary>
    private sealed class HalfSentJson(string first, string rest, TaskCompletionSource firstSent, Task restReleased) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(first));
            await stream.FlushAsync();
            firstSent.SetResult();
            await restReleased;
            await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(rest));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
