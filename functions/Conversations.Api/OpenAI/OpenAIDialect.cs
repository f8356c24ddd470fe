using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.OpenAI;

public sealed class OpenAIDialect : Dialect
{
    public static readonly OpenAIDialect Instance = new();

    public override string Name => "OpenAI";

    public override string DocumentName => "openai";

    public override string PathPrefix => "/openai";

    public override IResult Unauthorized() =>
        OpenAIErrors.Error(401, "invalid_request_error", "invalid_api_key", "Incorrect or missing API key. Send it as 'Authorization: Bearer <key>'.", null);

    public override IResult Forbidden(string message) => OpenAIErrors.Forbidden(message);

    public override IResult Unavailable(TimeSpan retryAfter) =>
        new OpenAIErrorResult(503, new OpenAIErrorEnvelope(new OpenAIError("service_unavailable", "The conversation store is temporarily unavailable; retry later.", null, "server_error")))
        {
            RetryAfter = retryAfter,
        };

    public override IResult Failure(int status, string message) => OpenAIErrors.Error(
        status,
        status >= 500 ? "server_error" : "invalid_request_error",
        status switch { 404 => "not_found", 405 => "method_not_allowed", 500 => "internal_error", _ => null },
        message,
        null);

    public override IResult InvalidParameter(string name, string message) => OpenAIErrors.InvalidParameter(name, message);

    public override IResult InvalidBody(BodyProblem problem) => OpenAIErrors.Body(problem);
}
