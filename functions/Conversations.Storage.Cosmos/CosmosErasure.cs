using Microsoft.Azure.Cosmos;

namespace Conversations.Storage.Cosmos;

// End-user (or tenant) erasure: a prefix query over each container, and a point delete of each
// document found, children (items and variables) before the conversations they belong to.
public sealed partial class CosmosConversationStore
{
    /// <summary>Documents read (and then deleted) per query: each batch is one query and as many point deletes.</summary>
    private const int ErasureBatch = 100;

    public Task<ErasureCounts> EraseAsync(UserScope scope, IProgress<ErasureCounts>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return RunAsync("erase", async call =>
        {
            var counts = ErasureCounts.None;
            foreach (var (container, isConversation) in new[] { (ItemsContainer, false), (variables, false), (conversations, true) })
            {
                while (true)
                {
                    // Under the scope's key prefix (tenant, or tenant and user); the filter is in the text too.
                    var found = await QueryAsync<ErasedDocument>(call, container, ErasureQuery(scope), ListTarget(scope), ErasureBatch, cancellationToken);
                    if (found.Count == 0)
                    {
                        break;
                    }

                    var deleted = 0;
                    foreach (var document in found.Take(ErasureBatch))
                    {
                        deleted += await DeleteErasedAsync(call, container, document, isConversation, cancellationToken);
                    }

                    counts = isConversation ? counts with { Conversations = counts.Conversations + deleted }
                        : container == variables ? counts with { Variables = counts.Variables + deleted }
                        : counts with { Items = counts.Items + deleted };
                    progress?.Report(counts);
                }
            }

            return counts;
        }, cancellationToken);
    }

    /// <summary>
    /// The full partition key of a document an erasure found: a conversation's is (tenantId, userId, id),
    /// a variable's or item's (tenantId, userId, conversationId).
    /// </summary>
    private static PartitionKey ErasureKey(ErasedDocument document, bool isConversation) =>
        CosmosLayout.ConversationPartition(document.TenantId, document.UserId, isConversation ? document.Id : document.ConversationId!);

    private static QueryDefinition ErasureQuery(UserScope scope) =>
        scope.UserId is { } user
            ? new QueryDefinition($"SELECT TOP {ErasureBatch} c.id, c.tenantId, c.userId, c.conversationId FROM c WHERE c.tenantId = @tenant AND c.userId = @user")
                .WithParameter("@tenant", scope.TenantId).WithParameter("@user", user)
            : new QueryDefinition($"SELECT TOP {ErasureBatch} c.id, c.tenantId, c.userId, c.conversationId FROM c WHERE c.tenantId = @tenant")
                .WithParameter("@tenant", scope.TenantId);

    /// <summary>1 when the document was deleted, 0 when it was already gone (another run, or a user's own delete).</summary>
    private static async Task<int> DeleteErasedAsync(CosmosCall call, Container container, ErasedDocument document, bool isConversation, CancellationToken cancellationToken)
    {
        try
        {
            var response = await container.DeleteItemAsync<ErasedDocument>(document.Id, ErasureKey(document, isConversation), WithoutContent, cancellationToken);
            call.Charged(container.Id, response.RequestCharge, 1);
            return 1;
        }
        catch (CosmosException e) when (CosmosFaults.IsMissingItem(e))
        {
            call.Charged(container.Id, e.RequestCharge, 0);
            return 0;
        }
    }

    private sealed record ErasedDocument(string Id, string TenantId, string UserId, string? ConversationId);
}
