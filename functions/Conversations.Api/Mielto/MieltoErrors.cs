using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Mielto;

/// <summary>
/// Mielto is a FastAPI service: validation failures are 422 <c>{"detail": [{loc, msg, type}]}</c>,
/// every other error is <c>{"detail": "message"}</c>.
/// </summary>
public static class MieltoErrors
{
    public static IResult Validation(string source, string field, string message, string type) =>
        TypedResults.Json(
            new MieltoValidationErrors([new MieltoValidationError([source, field], message, type)]),
            MieltoJsonContext.Default.MieltoValidationErrors,
            statusCode: 422);

    public static IResult Query(string field, string message, string type = "value_error") => Validation("query", field, message, type);

    public static IResult Body(BodyFields fields) => Validation("body", fields.ErrorField!, fields.Error!, fields.ErrorType!);

    public static IResult Body(BodyProblem problem) => problem == BodyProblem.TooLarge
        ? Detail(413, $"The request body exceeds {JsonBody.MaxBytes} bytes.")
        : Validation("body", "", problem switch
        {
            BodyProblem.Missing => "Field required",
            BodyProblem.NotAnObject => "Input should be a valid dictionary or object",
            _ => "JSON decode error",
        }, problem == BodyProblem.Malformed ? "json_invalid" : problem == BodyProblem.Missing ? "missing" : "model_attributes_type");

    public static IResult ConversationNotFound() => Detail(404, "Conversation not found");

    public static IResult Detail(int status, string message) =>
        TypedResults.Json(new MieltoDetail(message), MieltoJsonContext.Default.MieltoDetail, statusCode: status);
}

public sealed record MieltoDetail(string Detail);

public sealed record MieltoValidationErrors(IReadOnlyList<MieltoValidationError> Detail);

public sealed record MieltoValidationError(IReadOnlyList<string> Loc, string Msg, string Type);
