using System.Net;
using Conversations.Storage.Cosmos;
using Conversations.Testing;
using Microsoft.Azure.Cosmos;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Conversations.Storage.Tests.Cosmos;

/// <summary>
/// The DI registration as the server uses it: settings from <c>Storage:Cosmos</c>, one client, and the
/// start-up step that creates the database and containers only when <c>CreateIfMissing</c> says so.
/// </summary>
[Collection(SharedCosmosServer.Name)]
public sealed class CosmosRegistrationTests(CosmosStoreFixture fixture)
{
    [Fact]
    public async Task CreateIfMissing_creates_both_containers_with_the_layouts_key_and_sort_indexes()
    {
        var database = "created-" + Guid.NewGuid().ToString("N")[..8];
        await using var services = Services(database, createIfMissing: true);

        await StartAsync(services);

        var client = services.GetRequiredService<CosmosClient>();
        ContainerProperties conversations = await client.GetContainer(database, CosmosLayout.DefaultConversationsContainer).ReadContainerAsync();
        ContainerProperties variables = await client.GetContainer(database, CosmosLayout.DefaultVariablesContainer).ReadContainerAsync();
        Assert.Equal(["/tenantId", "/userId", "/id"], conversations.PartitionKeyPaths);
        Assert.Equal(["/tenantId", "/userId", "/conversationId"], variables.PartitionKeyPaths);
        Assert.Equal(CosmosLayout.Conversations.CompositeIndexes.Select(index => string.Join(",", index)), Sorts(conversations));
        Assert.Equal(["/tenantId,/userId,/conversationId,/createdAt,/id"], Sorts(variables));

        // And the registered store works on what was created.
        var store = services.GetRequiredService<IConversationStore>();
        var conversation = TestData.Conversation(TestData.NewTenant(), "u1");
        await store.CreateConversationAsync(conversation, CancellationToken.None);
        Assert.NotNull(await store.FindConversationAsync(UserScope.User(conversation.TenantId, "u1"), conversation.Id, CancellationToken.None));
    }

    [Fact]
    public async Task Without_CreateIfMissing_start_up_creates_nothing()
    {
        // In Azure the containers come from Bicep, and the app's identity has no right to create them.
        var database = "absent-" + Guid.NewGuid().ToString("N")[..8];
        await using var services = Services(database, createIfMissing: false);

        await StartAsync(services);

        var error = await Assert.ThrowsAsync<CosmosException>(() =>
            services.GetRequiredService<CosmosClient>().GetDatabase(database).ReadAsync());
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task The_process_shares_one_client_and_one_store()
    {
        await using var services = Services("shared", createIfMissing: false);

        Assert.Same(services.GetRequiredService<CosmosClient>(), services.GetRequiredService<CosmosClient>());
        Assert.Same(services.GetRequiredService<IConversationStore>(), services.GetRequiredService<IConversationStore>());
        Assert.IsType<CosmosConversationStore>(services.GetRequiredService<IConversationStore>());
    }

    [Fact]
    public async Task A_missing_endpoint_fails_validation_with_the_settings_name()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Key"] = CosmosTestServer.Key }).Build();
        await using var services = new ServiceCollection().AddLogging().AddCosmosConversationStore(settings).BuildServiceProvider();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(services));
        Assert.Contains("Storage__Cosmos__Endpoint", error.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Services(string database, bool createIfMissing)
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Endpoint"] = fixture.Server.Endpoint.ToString(),
            ["Key"] = CosmosTestServer.Key,
            ["Database"] = database,
            ["GatewayOnly"] = "true",
            ["CreateIfMissing"] = createIfMissing ? "true" : "false",
        }).Build();
        return new ServiceCollection().AddLogging().AddCosmosConversationStore(settings).BuildServiceProvider();
    }

    /// <summary>Runs the start-up steps the host would run (options validation, then the hosted services).</summary>
    private static async Task StartAsync(ServiceProvider services)
    {
        foreach (var validator in services.GetServices<IStartupValidator>())
        {
            validator.Validate();
        }

        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    private static List<string> Sorts(ContainerProperties properties) =>
        properties.IndexingPolicy.CompositeIndexes.Select(index => string.Join(",", index.Select(p => p.Path))).ToList();
}
