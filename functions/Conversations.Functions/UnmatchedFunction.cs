using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Conversations.Functions;

/// <summary>
/// Catches every request no other function takes, so an unknown path or a wrong method is answered in
/// the dialect's envelope (the host's own 404 has no body). The host tries more specific routes first,
/// and its own admin routes never reach the worker.
/// </summary>
public static class UnmatchedFunction
{
    [Function("Unmatched")]
    public static Task Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "patch", "delete", "head", "options", Route = "{*path}")] HttpRequest request) =>
        FunctionEndpoints.AnswerUnmatchedAsync(request);
}
