using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// Updates as Cosmos DB partial document updates. Every operation sets a path to a value that does
/// not depend on what is stored, so concurrent updates of one item never conflict: each is applied
/// whole, in some order, and no writer has to read first or carry an ETag.
/// </summary>
internal static class CosmosPatches
{
    /// <summary>Cosmos DB applies at most 10 operations in one patch (partial document update FAQ).</summary>
    public const int MaxOperationsPerPatch = 10;

    /// <summary>
    /// The operations that write <paramref name="changes"/>: a name together with its folded form,
    /// then each changed field, and the new update time last. A cleared field is set to null, the
    /// shape a new document has (a remove would fail on a document that never had the field).
    /// </summary>
    public static List<PatchOperation> Of(ConversationChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var operations = new List<PatchOperation>();
        if (changes.Name is { } name)
        {
            operations.Add(PatchOperation.Set("/name", name.Value));
            operations.Add(PatchOperation.Set("/nameFolded", name.Value.ToLowerInvariant()));
        }

        Set(operations, "/summary", changes.Summary);
        Set(operations, "/status", changes.Status);
        Set(operations, "/isPublic", changes.IsPublic);
        Set(operations, "/collections", changes.Collections);
        Set(operations, "/metadata", changes.Metadata);
        Set(operations, "/settings", changes.Settings);
        if (changes.EndedAt is { } endedAt)
        {
            operations.Add(PatchOperation.Set("/endedAt", endedAt.Value?.ToUnixTimeMilliseconds()));
        }

        Set(operations, "/ownerId", changes.OwnerId);
        Set(operations, "/createdBy", changes.CreatedBy);
        operations.Add(PatchOperation.Set("/updatedAt", changes.UpdatedAt.ToUnixTimeMilliseconds()));
        return operations;
    }

    /// <summary>A variable's new value and update time (its type never changes).</summary>
    public static List<PatchOperation> Value(JsonElement value, DateTimeOffset updatedAt) =>
        [PatchOperation.Set("/value", value), PatchOperation.Set("/updatedAt", updatedAt.ToUnixTimeMilliseconds())];

    /// <summary>
    /// Operations cut into patches Cosmos DB accepts, in order: the name and its folded form stay in
    /// the first, the update time comes with the last.
    /// </summary>
    public static PatchOperation[][] InPatches(List<PatchOperation> operations) => operations.Chunk(MaxOperationsPerPatch).ToArray();

    private static void Set<T>(List<PatchOperation> operations, string path, Change<T>? change)
    {
        if (change is { } c)
        {
            operations.Add(PatchOperation.Set(path, c.Value));
        }
    }
}
