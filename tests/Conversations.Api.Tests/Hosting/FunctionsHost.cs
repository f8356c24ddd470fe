using Conversations.Testing;

namespace Conversations.Api.Tests.Hosting;

/// <summary>
/// The real Functions app (its build output) under the local Functions host: the real isolated worker,
/// reached over HTTP as the Functions host reaches it. Settings become the worker's environment.
/// </summary>
public abstract class FunctionsHost<TBackend> : ApiHost where TBackend : IStoreBackend, new()
{
    private readonly TBackend _backend = new();
    private FunctionsHostProcess? _process;

    protected override IStoreBackend Backend => _backend;

    /// <summary>The store this host serves, for tests that act on it (stop it, say).</summary>
    public TBackend Store => _backend;

    /// <summary>What the host and its worker printed so far.</summary>
    public string Output => _process?.Output ?? "";

    public override HttpClient CreateClient() =>
        (_process ?? throw new InvalidOperationException("The Functions host has not started.")).CreateClient();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var environment = Settings().ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");
        environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Testing";
        _process = await FunctionsHostProcess.StartAsync(environment);

        // Ready as a load balancer sees it: the store and the key registry answer. On a loaded machine
        // the first calls (the store client's set-up, code not yet compiled) can outlast a request's
        // deadline; they are made here, before any test counts on one.
        using var client = _process.CreateClient();
        if (!await Eventually.HoldsAsync(async () => (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).IsSuccessStatusCode, TimeSpan.FromSeconds(120)))
        {
            throw new InvalidOperationException($"The Functions app was not ready within 120 s. Its output:{Environment.NewLine}{_process.Output}");
        }
    }

    public override async Task DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
