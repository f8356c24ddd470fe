using Conversations.Keys;
using Conversations.Model;

namespace Conversations.Api.Tests.Hosting;

/// <summary>
/// A test class's handle on a host that its whole test collection shares (an xunit collection
/// fixture): the collection starts and stops the host, and every test still takes tenants of its own
/// from the shared host, so classes share the process but never their data.
/// </summary>
public abstract class SharedApiHost(ApiHost shared) : ApiHost
{
    protected override IStoreBackend Backend => throw new NotSupportedException("The shared host owns the store.");

    public override TestTenant NewTenant() => shared.NewTenant();

    public override HttpClient CreateClient() => shared.CreateClient();

    public override Task SeedAsync(IEnumerable<Conversation> conversations) => shared.SeedAsync(conversations);

    public override Task<string> IssueKeyAsync(string tenant, ApiKeyRestrictions restrictions, TimeSpan? expiresIn = null, DateTimeOffset? issuedAt = null) =>
        shared.IssueKeyAsync(tenant, restrictions, expiresIn, issuedAt);

    public override Task<(int Code, string Output, string Error)> RunCommandAsync(string input, params string[] args) => shared.RunCommandAsync(input, args);

    public override Task<HttpResponseMessage> SendExactlyAsync(HttpRequestMessage request) => shared.SendExactlyAsync(request);

    public override Task InitializeAsync() => Task.CompletedTask;

    public override Task DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// One Functions app on SQLite, under one local Functions host, for every test class of the collection
/// <see cref="OnSharedFunctionsApp.Name"/>: a host and its worker cost seconds of CPU to start, and
/// the contract suites need nothing of a host but its tenants.
/// </summary>
public sealed class SharedFunctionsApp : FunctionsHost<SqliteBackend>
{
    // The contract suites through the Functions app together take a few hundred tenants.
    protected override int Tenants => 16 * TenantCount;
}

[CollectionDefinition(Name)]
public sealed class OnSharedFunctionsApp : ICollectionFixture<SharedFunctionsApp>
{
    public const string Name = "Functions app on SQLite";
}

/// <summary>The Functions app under the local Functions host, on SQLite: the collection's shared app.</summary>
public sealed class FunctionsApiHost(SharedFunctionsApp app) : SharedApiHost(app);
