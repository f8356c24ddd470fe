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
    public async Task Each_container_has_the_stores_partition_key_indexed_paths_and_composite_indexes(string definition)
    {
        var provisioned = (await Templates.ValueAsync(definition)).AsObject();
        var layout = definition switch
        {
            "conversationsContainer" => CosmosLayout.Conversations,
            "variablesContainer" => CosmosLayout.Variables,
            _ => CosmosLayout.Items,
        };
        var expected = layout.Properties(layout.DefaultName);

        Assert.Equal(expected.Id, (string?)provisioned["id"]);
        var partitionKey = provisioned["partitionKey"]!;
        Assert.Equal(expected.PartitionKeyPaths, Strings(partitionKey["paths"]!));
        Assert.Equal("MultiHash", (string?)partitionKey["kind"]);
        Assert.Equal(PartitionKeyDefinitionVersion.V2, expected.PartitionKeyDefinitionVersion);
        Assert.Equal(2, (int?)partitionKey["version"]);
        var policy = provisioned["indexingPolicy"]!;
        Assert.Equal(expected.IndexingPolicy.IncludedPaths.Select(p => p.Path), policy["includedPaths"]!.AsArray().Select(p => (string)p!["path"]!));
        Assert.Equal(expected.IndexingPolicy.ExcludedPaths.Select(p => p.Path), policy["excludedPaths"]!.AsArray().Select(p => (string)p!["path"]!));
        Assert.Equal(
            expected.IndexingPolicy.CompositeIndexes.Select(index => index.Select(p => $"{p.Path} {p.Order}".ToLowerInvariant())),
            policy["compositeIndexes"]!.AsArray().Select(index => index!.AsArray().Select(p => $"{p!["path"]} {p["order"]}".ToLowerInvariant())));
    }

    [Fact]
    public async Task No_payload_path_is_indexed_and_each_composite_index_is_declared_once()
    {
        foreach (var definition in Containers())
        {
            var policy = (await Templates.ValueAsync(definition))["indexingPolicy"]!;
            var included = policy["includedPaths"]!.AsArray().Select(p => (string)p!["path"]!).ToList();
            Assert.Equal(["/*"], policy["excludedPaths"]!.AsArray().Select(p => (string)p!["path"]!));
            Assert.DoesNotContain(included, path => path.StartsWith("/inputs", StringComparison.Ordinal) || path.StartsWith("/metadata", StringComparison.Ordinal)
                || path.StartsWith("/settings", StringComparison.Ordinal) || path.StartsWith("/value", StringComparison.Ordinal) || path == "/*");
            var indexes = policy["compositeIndexes"]!.AsArray().Select(index => string.Join(",", index!.AsArray().Select(p => (string)p!["path"]!))).ToList();
            Assert.Equal(indexes.Count, indexes.Distinct().Count());
        }
    }

    [Fact]
    public async Task The_database_and_partition_key_are_the_stores_defaults()
    {
        Assert.Equal(CosmosLayout.DefaultDatabase, (string?)await Templates.ValueAsync("databaseName"));
        Assert.Equal(CosmosLayout.KeyPrefixPaths, Strings(await Templates.ValueAsync("partitionKeyPaths")));
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

    [Fact]
    public async Task The_account_keeps_continuous_backup_and_offers_zone_redundancy_and_autoscale()
    {
        var build = await Templates.BuildAsync("cosmos.bicep");
        var cosmos = build.Compiled;
        var parameters = cosmos["parameters"]!;
        Assert.Equal("Continuous7Days", (string?)parameters["backupPolicy"]!["defaultValue"]);
        Assert.Equal(["Continuous7Days", "Continuous30Days", "Periodic"], Strings(parameters["backupPolicy"]!["allowedValues"]!));
        Assert.False((bool?)parameters["zoneRedundant"]!["defaultValue"]);
        Assert.Equal(0, (int?)parameters["autoscaleMaxThroughput"]!["defaultValue"]);

        var text = build.Text;
        Assert.Contains("continuousModeProperties", text, StringComparison.Ordinal);
        Assert.Contains("backupRetentionIntervalInHours", text, StringComparison.Ordinal);
        Assert.Contains("parameters('zoneRedundant')", text, StringComparison.Ordinal);
        Assert.Contains("autoscaleSettings", text, StringComparison.Ordinal);
        Assert.Contains("parameters('autoscaleMaxThroughput')", text, StringComparison.Ordinal);
    }

    private static List<string> Strings(JsonNode array) => array.AsArray().Select(p => (string)p!).ToList();
}
