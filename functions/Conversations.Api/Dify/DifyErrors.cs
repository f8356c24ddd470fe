using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Dify;

/// <summary>Dify's error envelope, <c>{status, code, message}</c>, with the codes and messages its clients know.</summary>
public static class DifyErrors
{
    public static IResult InvalidParam(string message) => Error(400, "invalid_param", message);

    public static IResult NotFound(string message) => Error(404, "not_found", message);

    public static IResult ConversationNotFound() => NotFound("Conversation Not Exists.");

    public static IResult Body(BodyProblem problem) => problem == BodyProblem.TooLarge
        ? Error(413, "request_entity_too_large", $"The request body exceeds {JsonBody.MaxBytes} bytes.")
        : InvalidParam(problem switch
        {
            BodyProblem.Missing => "A JSON body is required.",
            BodyProblem.NotAnObject => "The JSON body must be an object.",
            _ => "The request body is not valid JSON.",
        });

    public static IResult Error(int status, string code, string message) =>
        TypedResults.Json(new DifyError(status, code, message), DifyJsonContext.Default.DifyError, statusCode: status);
}

public sealed record DifyError(int Status, string Code, string Message);
