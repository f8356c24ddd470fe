namespace Conversations.Storage;

/// <summary>
/// Whose data a call may see: always one tenant, and either one end user or (where a dialect allows
/// it) every user of the tenant. Every store method takes one, so no query can forget the tenant.
/// </summary>
public sealed record UserScope
{
    /// <summary>The user id of data written without an end user (Dify without <c>user</c>, OpenAI without an isolation key).</summary>
    public const string Anonymous = "";

    private UserScope(string tenantId, string? userId)
    {
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        TenantId = tenantId;
        UserId = userId;
    }

    public string TenantId { get; }

    /// <summary>Null for a tenant-wide scope.</summary>
    public string? UserId { get; }

    public bool IsTenantWide => UserId is null;

    public static UserScope User(string tenantId, string userId) => new(tenantId, userId ?? throw new ArgumentNullException(nameof(userId)));

    public static UserScope WholeTenant(string tenantId) => new(tenantId, null);

    public override string ToString() => IsTenantWide ? $"{TenantId}/*" : $"{TenantId}/{UserId}";
}
