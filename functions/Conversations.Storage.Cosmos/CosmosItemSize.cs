using System.Net;
using Microsoft.Azure.Cosmos;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// Cosmos DB's item size limit (2 MB, the UTF-8 length of the item's JSON, service quotas) checked
/// before a document is sent, and the service's own refusals (413 for an item too large, 403 with
/// sub-status 1014 for a logical partition at its 20 GB limit) turned into a refusal of the request,
/// which every dialect answers with a 4xx rather than as a failure of the service.
/// </summary>
internal static class CosmosItemSize
{
    /// <summary>2 MB less room for the system properties the service adds (_rid, _self, _etag, _attachments, _ts).</summary>
    public const int MaxDocumentBytes = (2 * 1024 * 1024) - 1024;

    private const int PartitionKeyQuotaExceeded = 1014;

    public static void Check(int bytes)
    {
        if (bytes > MaxDocumentBytes)
        {
            throw new StoreLimitExceededException($"The stored item would be {bytes} bytes; the store holds at most {MaxDocumentBytes}.");
        }
    }

    /// <summary>The refusal a service answer means, or null when it is not a size or quota refusal.</summary>
    public static StoreLimitExceededException? Refusal(CosmosException e) => e switch
    {
        { StatusCode: HttpStatusCode.RequestEntityTooLarge } => new("The stored item would be larger than the store holds.", e),
        { StatusCode: HttpStatusCode.Forbidden, SubStatusCode: PartitionKeyQuotaExceeded } => new("The conversation holds as much data as the store keeps for one conversation.", e),
        _ => null,
    };
}
