using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Dify;

public sealed class DifyDialect : Dialect
{
    public static readonly DifyDialect Instance = new();

    public override string Name => "Dify";

    public override string DocumentName => "dify";

    public override string PathPrefix => "/v1";

    public override IResult Unauthorized() => DifyErrors.Error(401, "unauthorized", "Access token is invalid.");

    public override IResult Forbidden(string message) => DifyErrors.Forbidden(message);

    public override IResult Unavailable(TimeSpan retryAfter) =>
        new DifyErrorResult(new DifyError(503, "service_unavailable", "The conversation store is temporarily unavailable; retry later.")) { RetryAfter = retryAfter };

    public override IResult TooManyRequests(TimeSpan retryAfter) =>
        new DifyErrorResult(new DifyError(429, "rate_limit_error", "Rate limit exceeded. Retry after the number of seconds in Retry-After.")) { RetryAfter = retryAfter };

    public override IResult Failure(int status, string message) => DifyErrors.Error(status, DifyErrors.CodeFor(status), message);

    public override IResult InvalidParameter(string name, string message) => DifyErrors.InvalidParam(message);

    public override IResult InvalidBody(BodyProblem problem) => DifyErrors.Body(problem);
}
