using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.OpenAI;

public sealed class OpenAIDialect : Dialect
{
    public static readonly OpenAIDialect Instance = new();

    public override string Name => "OpenAI";

    public override IResult Unauthorized() =>
        OpenAIErrors.Error(401, "invalid_request_error", "invalid_api_key", "Incorrect or missing API key. Send it as 'Authorization: Bearer <key>'.", null);

    public override IResult Unavailable() =>
        OpenAIErrors.Error(503, "server_error", "service_unavailable", "The conversation store is temporarily unavailable; retry later.", null);
}
