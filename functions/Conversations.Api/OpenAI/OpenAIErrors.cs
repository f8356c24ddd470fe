using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.OpenAI;

/// <summary>OpenAI's error envelope, <c>{"error": {code, message, param, type}}</c>.</summary>
public static class OpenAIErrors
{
    public static IResult InvalidParameter(string param, string message) =>
        Error(400, "invalid_request_error", "invalid_value", message, param);

    public static IResult ConversationNotFound(string id, string? param = null) =>
        Error(404, "invalid_request_error", "not_found", $"Conversation with id '{Shorten(id)}' not found.", param);

    public static IResult Body(BodyProblem problem) => problem == BodyProblem.TooLarge
        ? Error(413, "invalid_request_error", "request_too_large", $"The request body exceeds {JsonBody.MaxBytes} bytes.", null)
        : Error(400, "invalid_request_error", "invalid_json", problem switch
        {
            BodyProblem.Missing => "A JSON body is required.",
            BodyProblem.NotAnObject => "The JSON body must be an object.",
            _ => "We could not parse the JSON body of your request.",
        }, null);

    public static IResult Error(int status, string type, string? code, string message, string? param) =>
        TypedResults.Json(new OpenAIErrorEnvelope(new OpenAIError(code, message, param, type)), OpenAIJsonContext.Default.OpenAIErrorEnvelope, statusCode: status);

    // An id echoed in a message is the caller's own input; cut it so a huge one cannot bloat the answer.
    private static string Shorten(string id) => id.Length <= 64 ? id : id[..64] + "…";
}

public sealed record OpenAIErrorEnvelope(OpenAIError Error);

public sealed record OpenAIError(string? Code, string Message, string? Param, string Type);
