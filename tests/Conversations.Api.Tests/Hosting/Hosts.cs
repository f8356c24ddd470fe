namespace Conversations.Api.Tests.Hosting;

/// <summary>The server on SQLite: the embedded default.</summary>
public sealed class SqliteApiHost : ServerHost<SqliteBackend>;

/// <summary>The server with Storage__Provider=Cosmos, on a local Cosmos protocol server.</summary>
public sealed class CosmosApiHost : ServerHost<CosmosBackend>;

/// <summary>The Functions app under the local Functions host, on a local Cosmos protocol server.</summary>
public sealed class FunctionsCosmosApiHost : FunctionsHost<CosmosBackend>;

/// <summary>The server on a Cosmos protocol server behind a proxy that can freeze, with a 2 s request deadline.</summary>
public sealed class FreezableCosmosApiHost : ServerHost<FreezableCosmosBackend>
{
    protected override IEnumerable<KeyValuePair<string, string?>> HostSettings => [new("Api:RequestTimeoutSeconds", "2")];
}

/// <summary>The Functions app on a Cosmos protocol server behind a proxy that can freeze, with a 2 s request deadline.</summary>
public sealed class FunctionsFreezableCosmosApiHost : FunctionsHost<FreezableCosmosBackend>
{
    protected override IEnumerable<KeyValuePair<string, string?>> HostSettings => [new("Api:RequestTimeoutSeconds", "2")];
}

/// <summary>The Functions app on Cosmos, printing its traces to the console (which the host relays).</summary>
public sealed class FunctionsTracedCosmosApiHost : FunctionsHost<CosmosBackend>
{
    protected override IEnumerable<KeyValuePair<string, string?>> HostSettings => [new("Telemetry:Console", "true")];
}
