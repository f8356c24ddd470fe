using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Conversations.Testing;

/// <summary>What the local test servers (the Cosmos protocol server, Azurite) share.</summary>
internal static class LocalServers
{
    /// <summary>A loopback port nothing listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The folder <c>tests/<paramref name="name"/></c> of the repository above the test output, known by a file in it.</summary>
    public static string Folder(string name, string marker)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", name);
            if (File.Exists(Path.Combine(candidate, marker)))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"tests/{name} was not found above the test output folder.");
    }

    /// <summary>Asks a server started with redirected stdin to exit by closing it; kills it if it has not within 5 s.</summary>
    public static async Task EndAsync(Process? process)
    {
        if (process is { HasExited: false })
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(5000))
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        process?.Dispose();
    }
}
