using System.Collections.ObjectModel;
using Microsoft.Azure.Cosmos;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// One container of the layout: its hierarchical partition key, the paths its queries filter on (the
/// only ones indexed), and its composite indexes, each declared once in ascending order: Cosmos DB
/// serves an ORDER BY from a composite index whose every direction is the same or every direction the
/// opposite, so one declaration serves both directions of a sort.
/// </summary>
public sealed record CosmosContainerLayout(
    string DefaultName,
    IReadOnlyList<string> PartitionKeyPaths,
    IReadOnlyList<string> IndexedPaths,
    IReadOnlyList<IReadOnlyList<string>> CompositeIndexes)
{
    /// <summary>Everything not named in <see cref="IndexedPaths"/> stays out of the index.</summary>
    public const string ExcludedPath = "/*";

    public ContainerProperties Properties(string name)
    {
        var properties = new ContainerProperties(name, new Collection<string>([.. PartitionKeyPaths]));
        var policy = properties.IndexingPolicy;
        policy.IndexingMode = IndexingMode.Consistent;
        policy.Automatic = true;
        foreach (var path in IndexedPaths)
        {
            policy.IncludedPaths.Add(new IncludedPath { Path = path });
        }

        policy.ExcludedPaths.Add(new ExcludedPath { Path = ExcludedPath });
        foreach (var index in CompositeIndexes)
        {
            policy.CompositeIndexes.Add(new Collection<CompositePath>(
                [.. index.Select(path => new CompositePath { Path = path, Order = CompositePathSortOrder.Ascending })]));
        }

        return properties;
    }
}
