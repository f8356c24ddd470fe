using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Mielto;

public sealed class MieltoDialect : Dialect
{
    public const string WorkspaceHeader = "X-Workspace-Id";

    public static readonly MieltoDialect Instance = new();

    public override string Name => "Mielto";

    public override string DocumentName => "mielto";

    public override string PathPrefix => "/api";

    public override IResult Unauthorized() => MieltoErrors.Detail(401, "Not authenticated");

    public override IResult Forbidden(string message) => MieltoErrors.Detail(403, message);

    public override IResult Unavailable(TimeSpan retryAfter) =>
        new MieltoErrorResult(503, new MieltoDetail("The conversation store is temporarily unavailable; retry later.")) { RetryAfter = retryAfter };

    public override IResult TooManyRequests(TimeSpan retryAfter) =>
        new MieltoErrorResult(429, new MieltoDetail("Rate limit exceeded. Retry after the number of seconds in Retry-After.")) { RetryAfter = retryAfter };

    public override IResult Failure(int status, string message) => MieltoErrors.Detail(status, message);

    public override IResult InvalidParameter(string name, string message) => MieltoErrors.Query(name, message);

    public override IResult InvalidBody(BodyProblem problem) => MieltoErrors.Body(problem);

    /// <summary>A workspace header, when sent, must name the key's own tenant; it never widens access.</summary>
    public override IResult? RejectTenant(HttpRequest request, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(request);
        var workspace = request.Headers[WorkspaceHeader].ToString();
        return workspace.Length == 0 || workspace == tenantId
            ? null
            : MieltoErrors.Detail(403, "The API key does not belong to the workspace in X-Workspace-Id.");
    }
}
