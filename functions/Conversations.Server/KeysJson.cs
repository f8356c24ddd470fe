using System.Text.Json.Serialization;
using Conversations.Keys;

namespace Conversations.Server;

/// <summary><c>keys create --json</c>: the one time a key is printed. Infra scripts parse this shape; only add to it.</summary>
internal sealed record CreatedKeyJson(string Id, string Tenant, string Name, string Key, DateTime CreatedAt, bool ReadOnly, bool RequireUser, DateTime? ExpiresAt)
{
    public static CreatedKeyJson From(IssuedApiKey issued) => new(
        issued.Record.Id, issued.Record.Tenant, issued.Record.Name, issued.Key, issued.Record.CreatedAt.UtcDateTime,
        issued.Record.Restrictions.HasFlag(ApiKeyRestrictions.ReadOnly), issued.Record.Restrictions.HasFlag(ApiKeyRestrictions.RequireUser),
        issued.Record.ExpiresAt?.UtcDateTime);
}

/// <summary>A row of <c>keys list --json</c>: never the key, never its hash.</summary>
internal sealed record ListedKeyJson(
    string Id, string Tenant, string Name, bool ReadOnly, bool RequireUser, DateTime CreatedAt, DateTime? ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt)
{
    public static ListedKeyJson From(ApiKeyRecord key) => new(
        key.Id, key.Tenant, key.Name, key.Restrictions.HasFlag(ApiKeyRestrictions.ReadOnly), key.Restrictions.HasFlag(ApiKeyRestrictions.RequireUser),
        key.CreatedAt.UtcDateTime, key.ExpiresAt?.UtcDateTime, key.RevokedAt?.UtcDateTime, key.LastUsedAt?.UtcDateTime);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreatedKeyJson))]
[JsonSerializable(typeof(List<ListedKeyJson>))]
internal sealed partial class KeysJsonContext : JsonSerializerContext;
