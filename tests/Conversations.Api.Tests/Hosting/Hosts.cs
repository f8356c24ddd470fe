namespace Conversations.Api.Tests.Hosting;

/// <summary>The server on SQLite: the embedded default.</summary>
public sealed class SqliteApiHost : ServerHost<SqliteBackend>;

/// <summary>The server with Storage__Provider=Cosmos, on a local Cosmos protocol server.</summary>
public sealed class CosmosApiHost : ServerHost<CosmosBackend>;

/// <summary>The Functions app under the local Functions host, on SQLite.</summary>
public sealed class FunctionsApiHost : FunctionsHost<SqliteBackend>;

/// <summary>The Functions app under the local Functions host, on a local Cosmos protocol server.</summary>
public sealed class FunctionsCosmosApiHost : FunctionsHost<CosmosBackend>;
