namespace Conversations.Keys;

/// <summary>A key just created: its record, and the key itself, which exists only until it is shown once.</summary>
public sealed record IssuedApiKey(ApiKeyRecord Record, string Key);
