using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace Conversations.Testing;

/// <summary>
/// Azurite's Table service (pinned in tests/azurite) in memory on a loopback port the system picks, for one test
/// class or one test. <see cref="StopAsync"/> takes it down mid-test, as an outage would; it also exits
/// when this process closes its stdin. If it cannot start, tests fail: they are never skipped.
/// </summary>
public sealed class AzuriteTableServer : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account and key (public, accepted only by Azurite).</summary>
    public const string AccountName = "devstoreaccount1";

    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _workspace = Path.Combine(Path.GetTempPath(), $"azurite-{Guid.NewGuid():N}");
    private Process? _process;

    /// <summary>The port the server listens on, which the system picked when it started.</summary>
    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/{AccountName};";

    /// <summary>Settings that put a host's key registry in <paramref name="table"/> on this server.</summary>
    public IReadOnlyDictionary<string, string?> KeyStoreSettings(string table) => new Dictionary<string, string?>
    {
        ["Auth:KeyStore:Provider"] = "Tables",
        ["Auth:KeyStore:Tables:ConnectionString"] = ConnectionString,
        ["Auth:KeyStore:Tables:TableName"] = table,
    };

    /// <summary>An Azurite that never starts, on a port nothing listens on now: a registry that does not answer.</summary>
    public static AzuriteTableServer NotStarted() => new() { Port = LocalServers.FreePort() };

    /// <summary>A table name no other test uses.</summary>
    public static string NewTableName() => "keys" + Guid.NewGuid().ToString("N")[..16];

    public async Task InitializeAsync()
    {
        var folder = LocalServers.Folder("azurite", "start.js");
        if (!File.Exists(Path.Combine(folder, "node_modules", "azurite", "package.json")))
        {
            throw new InvalidOperationException($"Azurite is not installed: run `npm ci` in {folder} (the test build does it).");
        }

        Directory.CreateDirectory(_workspace);
        var start = new ProcessStartInfo("node", [Path.Combine(folder, "start.js"), "0"])
        {
            // Azurite writes its workspace files (none in memory) to the working directory.
            WorkingDirectory = _workspace,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        // Port 0: the server takes a free port and says which, so no other process can take it in between.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await _process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                Port = int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture);
                return;
            }
        }

        var error = await _process.StandardError.ReadToEndAsync(timeout.Token);
        // xunit does not dispose what failed to initialize: leave nothing behind here.
        await DisposeAsync();
        throw new InvalidOperationException($"Azurite's Table service did not start: {error}");
    }

    /// <summary>Ends the server, as an outage would; requests to it are refused from now on.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await LocalServers.EndAsync(_process);
        if (Directory.Exists(_workspace))
        {
            Directory.Delete(_workspace, recursive: true);
        }
    }
}
