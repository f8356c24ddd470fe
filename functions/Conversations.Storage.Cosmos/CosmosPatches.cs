using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// Updates as field assignments: every one sets a top-level field to a value that does not depend on
/// what is stored, so concurrent updates of one item never conflict: each is applied whole, in some
/// order. Up to <see cref="MaxOperationsPerPatch"/> of them go as one partial document update, with no
/// read and no ETag; more (a Mielto update naming nearly every field) as one conditional replace of the
/// document read just before, so an update is always a single write and never half applied.
/// </summary>
internal sealed class CosmosPatches
{
    /// <summary>Cosmos DB applies at most 10 operations in one patch (partial document update FAQ).</summary>
    public const int MaxOperationsPerPatch = 10;

    private readonly List<(string Field, object? Value)> _sets = [];

    /// <summary>
    /// The assignments of <paramref name="changes"/>: a name together with its folded form, then each
    /// changed field, and the new update time last. A cleared field is set to null, the shape a new
    /// document has (a remove would fail on a document that never had the field).
    /// </summary>
    public static CosmosPatches Of(ConversationChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var patches = new CosmosPatches();
        if (changes.Name is { } name)
        {
            patches.Set("name", name.Value);
            patches.Set("nameFolded", name.Value.ToLowerInvariant());
        }

        patches.SetChanged("summary", changes.Summary);
        patches.SetChanged("status", changes.Status);
        patches.SetChanged("isPublic", changes.IsPublic);
        patches.SetChanged("collections", changes.Collections);
        patches.SetChanged("metadata", changes.Metadata);
        patches.SetChanged("settings", changes.Settings);
        if (changes.EndedAt is { } endedAt)
        {
            patches.Set("endedAt", endedAt.Value?.ToUnixTimeMilliseconds());
        }

        patches.SetChanged("ownerId", changes.OwnerId);
        patches.SetChanged("createdBy", changes.CreatedBy);
        patches.Set("updatedAt", changes.UpdatedAt.ToUnixTimeMilliseconds());
        return patches;
    }

    /// <summary>A variable's new value and update time (its type never changes).</summary>
    public static CosmosPatches Value(JsonElement value, DateTimeOffset updatedAt)
    {
        var patches = new CosmosPatches();
        patches.Set("value", value);
        patches.Set("updatedAt", updatedAt.ToUnixTimeMilliseconds());
        return patches;
    }

    /// <summary>Whether the assignments fit in one partial document update.</summary>
    public bool FitOnePatch => _sets.Count <= MaxOperationsPerPatch;

    public IReadOnlyList<PatchOperation> Operations => [.. _sets.Select(set => PatchOperation.Set("/" + set.Field, set.Value))];

    /// <summary>Applies the assignments to a document as read, for the conditional replace.</summary>
    public void ApplyTo(JsonObject document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var (field, value) in _sets)
        {
            document[field] = JsonSerializer.SerializeToNode(value, CosmosJson.Options);
        }
    }

    private void SetChanged<T>(string field, Change<T>? change)
    {
        if (change is { } c)
        {
            Set(field, c.Value);
        }
    }

    private void Set(string field, object? value) => _sets.Add((field, value));
}
