using System.ComponentModel.DataAnnotations;

namespace Conversations.Api.Http;

/// <summary>Settings of the HTTP layer (<c>Api__…</c>).</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";

    /// <summary>
    /// The most a request may take (<c>Api__RequestTimeoutSeconds</c>, default 10). Past it the store
    /// call is cancelled and the caller gets 503 with Retry-After, well before common gateway timeouts
    /// (Azure Front Door 30 s, the Functions front end 230 s).
    /// </summary>
    [Range(1, 120)]
    public int RequestTimeoutSeconds { get; set; } = 10;

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(RequestTimeoutSeconds);
}
