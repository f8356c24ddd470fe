using System.Text.Json.Serialization;
using Conversations.Keys;

namespace Conversations.Server;

/// <summary><c>keys create --json</c>: the one time a key is printed. Infra scripts parse this shape; keep it.</summary>
internal sealed record CreatedKeyJson(string Id, string Tenant, string Name, string Key, DateTime CreatedAt)
{
    public static CreatedKeyJson From(IssuedApiKey issued) =>
        new(issued.Record.Id, issued.Record.Tenant, issued.Record.Name, issued.Key, issued.Record.CreatedAt.UtcDateTime);
}

/// <summary>A row of <c>keys list --json</c>: never the key, never its hash.</summary>
internal sealed record ListedKeyJson(string Id, string Tenant, string Name, DateTime CreatedAt, DateTime? RevokedAt)
{
    public static ListedKeyJson From(ApiKeyRecord key) => new(key.Id, key.Tenant, key.Name, key.CreatedAt.UtcDateTime, key.RevokedAt?.UtcDateTime);
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(CreatedKeyJson))]
[JsonSerializable(typeof(List<ListedKeyJson>))]
internal sealed partial class KeysJsonContext : JsonSerializerContext;
