namespace Conversations.Api.Auth;

/// <summary>The API keys the service accepts (<c>Auth__ApiKeys__0__Tenant</c>, <c>Auth__ApiKeys__0__KeySha256</c>, …).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public IList<ApiKeyEntry> ApiKeys { get; } = [];
}

/// <summary>One key: the tenant it proves, and the hex SHA-256 of the key (the key itself is never stored).</summary>
public sealed class ApiKeyEntry
{
    public string Tenant { get; set; } = "";

    public string KeySha256 { get; set; } = "";
}
