using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Conversations.Api.Http;

/// <summary>
/// Answers for errors that no handler produced (no route for the path, a method the route does not
/// take, a request over a limit, a failure outside the pipeline): in the envelope of the dialect whose
/// prefix the path carries, so a client parses every 4xx/5xx the same way; as RFC 9457 problem details
/// anywhere else. Both hosts use it.
/// </summary>
public static class ErrorPages
{
    public static Task WriteAsync(HttpContext context, int status, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(context);
        message ??= MessageFor(status);
        // The exception handler clears the headers of a response it takes over, so they are set again here.
        ResponseHeaders.Apply(context.Response);
        if (Dialects.ForPath(context.Request.Path) is { } dialect)
        {
            return dialect.Failure(status, message).ExecuteAsync(context);
        }

        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = ReasonPhrases.GetReasonPhrase(status), Detail = message },
        }).AsTask();
    }

    public static string MessageFor(int status) => status switch
    {
        StatusCodes.Status404NotFound => "No route matches this path.",
        StatusCodes.Status405MethodNotAllowed => "This route does not take this HTTP method.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status414UriTooLong => "The request URL is too long.",
        StatusCodes.Status431RequestHeaderFieldsTooLarge => "The request headers are too large.",
        StatusCodes.Status500InternalServerError => "The server failed to answer this request.",
        _ => ReasonPhrases.GetReasonPhrase(status),
    };
}
