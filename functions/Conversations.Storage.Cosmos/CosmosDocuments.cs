using System.Text.Json;
using Conversations.Model;
using Conversations.Storage;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// A conversation as stored in Cosmos DB. Separate from the model so the stored shape can evolve
/// (<see cref="Schema"/>); times are Unix milliseconds so range predicates and ORDER BY are numeric.
/// Only the keys and times are required: a list that selects fewer fields reads the others as the
/// model's defaults.
/// </summary>
internal sealed record ConversationDocument
{
    public const string DocumentType = "conversation";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string UserId { get; init; }
    public string Type { get; init; } = DocumentType;
    public int Schema { get; init; } = 1;
    public string Name { get; init; } = "";

    /// <summary>The name case-folded at write time, so search is a plain CONTAINS in every Cosmos implementation.</summary>
    public string NameFolded { get; init; } = "";
    public string Introduction { get; init; } = "";
    public string? Summary { get; init; }
    public JsonElement? Inputs { get; init; }
    public JsonElement? Metadata { get; init; }
    public string Status { get; init; } = ConversationStatus.Active;
    public string? AgentName { get; init; }
    public string? AgentVersion { get; init; }
    public List<string> Collections { get; init; } = [];
    public bool IsPublic { get; init; }
    public JsonElement? Settings { get; init; }
    public string? OwnerId { get; init; }
    public string? CreatedBy { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
    public long? EndedAt { get; init; }

    public static ConversationDocument From(Conversation c) => new()
    {
        Id = c.Id,
        TenantId = c.TenantId,
        UserId = c.UserId,
        Name = c.Name,
        NameFolded = c.Name.ToLowerInvariant(),
        Introduction = c.Introduction,
        Summary = c.Summary,
        Inputs = c.Inputs,
        Metadata = c.Metadata,
        Status = c.Status,
        AgentName = c.Agent?.Name,
        AgentVersion = c.Agent?.Version,
        Collections = [.. c.Collections],
        IsPublic = c.IsPublic,
        Settings = c.Settings,
        OwnerId = c.OwnerId,
        CreatedBy = c.CreatedBy,
        CreatedAt = c.CreatedAt.ToUnixTimeMilliseconds(),
        UpdatedAt = c.UpdatedAt.ToUnixTimeMilliseconds(),
        EndedAt = c.EndedAt?.ToUnixTimeMilliseconds(),
    };

    public Conversation ToModel() => new()
    {
        Id = Id,
        TenantId = TenantId,
        UserId = UserId,
        Name = Name,
        Introduction = Introduction,
        Summary = Summary,
        Inputs = Inputs is { ValueKind: not JsonValueKind.Null } inputs ? inputs : null,
        Metadata = Metadata is { ValueKind: JsonValueKind.Object } metadata && metadata.EnumerateObject().Any() ? metadata : null,
        Status = Status,
        Agent = AgentName is null ? null : new AgentReference(AgentName, AgentVersion),
        Collections = Collections,
        IsPublic = IsPublic,
        Settings = Settings is { ValueKind: not JsonValueKind.Null } settings ? settings : null,
        OwnerId = OwnerId,
        CreatedBy = CreatedBy,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
        EndedAt = EndedAt is { } ended ? DateTimeOffset.FromUnixTimeMilliseconds(ended) : null,
    };
}

/// <summary>A variable as stored: in the variables container, in its conversation's partition.</summary>
internal sealed record VariableDocument
{
    public const string DocumentType = "variable";

    public required string Id { get; init; }
    public required string TenantId { get; init; }
    public required string UserId { get; init; }
    public string Type { get; init; } = DocumentType;
    public int Schema { get; init; } = 1;
    public required string ConversationId { get; init; }
    public required string Name { get; init; }
    public required string NameFolded { get; init; }
    public required string ValueType { get; init; }
    public required JsonElement Value { get; init; }
    public required string Description { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }

    public static VariableDocument From(Variable v) => new()
    {
        Id = v.Id,
        TenantId = v.TenantId,
        UserId = v.UserId,
        ConversationId = v.ConversationId,
        Name = v.Name,
        NameFolded = v.Name.ToLowerInvariant(),
        ValueType = v.ValueType,
        Value = v.Value,
        Description = v.Description,
        CreatedAt = v.CreatedAt.ToUnixTimeMilliseconds(),
        UpdatedAt = v.UpdatedAt.ToUnixTimeMilliseconds(),
    };

    public Variable ToModel() => new()
    {
        Id = Id,
        TenantId = TenantId,
        UserId = UserId,
        ConversationId = ConversationId,
        Name = Name,
        ValueType = ValueType,
        Value = Value,
        Description = Description,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(CreatedAt),
        UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds(UpdatedAt),
    };
}

/// <summary>What a tenant-wide lookup reads of a conversation to name its partition: the user.</summary>
internal sealed record UserOnly(string UserId);
