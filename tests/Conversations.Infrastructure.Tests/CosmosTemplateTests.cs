using System.Text.Json.Nodes;
using Conversations.Storage.Cosmos;
using Microsoft.Azure.Cosmos;

namespace Conversations.Infrastructure.Tests;

/// <summary>
/// The containers cosmos.bicep provisions are the ones the store creates itself when
/// <c>CreateIfMissing</c> is on (<see cref="CosmosLayout"/>): one layout, two ways to make it.
/// </summary>
public sealed class CosmosTemplateTests
{
    public static TheoryData<string> Containers() => ["conversationsContainer", "variablesContainer", "itemsContainer"];

    [Theory]
    [MemberData(nameof(Containers))]
    public async Task Each_container_has_the_stores_partition_key_and_composite_indexes(string definition)
    {
        var provisioned = (await Templates.ValueAsync(definition)).AsObject();
        var expected = definition switch
        {
            "conversationsContainer" => CosmosLayout.ContainerProperties(CosmosLayout.DefaultConversationsContainer, CosmosLayout.ConversationSortIndexes),
            "variablesContainer" => CosmosLayout.ContainerProperties(CosmosLayout.DefaultVariablesContainer, CosmosLayout.VariableSortIndexes),
            _ => CosmosLayout.ItemContainerProperties(CosmosLayout.DefaultItemsContainer),
        };

        Assert.Equal(expected.Id, (string?)provisioned["id"]);
        var partitionKey = provisioned["partitionKey"]!;
        Assert.Equal(expected.PartitionKeyPaths, Strings(partitionKey["paths"]!));
        Assert.Equal("MultiHash", (string?)partitionKey["kind"]);
        Assert.Equal(PartitionKeyDefinitionVersion.V2, expected.PartitionKeyDefinitionVersion);
        Assert.Equal(2, (int?)partitionKey["version"]);
        Assert.Equal(
            expected.IndexingPolicy.CompositeIndexes.Select(index => index.Select(p => $"{p.Path} {p.Order}".ToLowerInvariant())),
            provisioned["indexingPolicy"]!["compositeIndexes"]!.AsArray().Select(index => index!.AsArray().Select(p => $"{p!["path"]} {p["order"]}".ToLowerInvariant())));
    }

    [Fact]
    public async Task The_database_and_partition_key_are_the_stores_defaults()
    {
        Assert.Equal(CosmosLayout.DefaultDatabase, (string?)await Templates.ValueAsync("databaseName"));
        Assert.Equal(CosmosLayout.PartitionKeyPaths, Strings(await Templates.ValueAsync("partitionKeyPaths")));
    }

    [Fact]
    public async Task The_account_provisions_those_containers_and_takes_no_keys()
    {
        var cosmos = await Templates.BuildAsync("cosmos.bicep");
        var account = cosmos.Resources.Single(r => (string?)r["type"] == "Microsoft.DocumentDB/databaseAccounts");
        var containers = cosmos.Resources.Single(r => (string?)r["type"] == "Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers");

        Assert.True((bool?)account["properties"]!["disableLocalAuth"]);
        Assert.True((bool?)account["properties"]!["disableKeyBasedMetadataWriteAccess"]);
        // The deployed container bodies are the exported definitions the test above checks.
        var body = BicepBuild.TextOf(containers["properties"]!["resource"]!);
        Assert.Contains("variables('conversationsContainer')", body, StringComparison.Ordinal);
        Assert.Contains("variables('variablesContainer')", body, StringComparison.Ordinal);
        Assert.Contains("variables('itemsContainer')", body, StringComparison.Ordinal);
    }

    private static List<string> Strings(JsonNode array) => array.AsArray().Select(p => (string)p!).ToList();
}
