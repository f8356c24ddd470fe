namespace Conversations.Storage;

/// <summary>The full address of one conversation: its partition (tenant, user) and its id.</summary>
public sealed record ConversationKey(string TenantId, string UserId, string ConversationId);
