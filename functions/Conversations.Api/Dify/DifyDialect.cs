using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Dify;

public sealed class DifyDialect : Dialect
{
    public static readonly DifyDialect Instance = new();

    public override string Name => "Dify";

    public override IResult Unauthorized() => DifyErrors.Error(401, "unauthorized", "Access token is invalid.");

    public override IResult Unavailable() =>
        DifyErrors.Error(503, "service_unavailable", "The conversation store is temporarily unavailable; retry later.");
}
