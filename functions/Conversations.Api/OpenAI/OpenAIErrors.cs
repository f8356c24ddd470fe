using System.Reflection;
using Conversations.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Conversations.Api.OpenAI;

/// <summary>OpenAI's error envelope, <c>{"error": {code, message, param, type}}</c>.</summary>
public static class OpenAIErrors
{
    public static OpenAIErrorResult InvalidParameter(string param, string message) =>
        Error(400, "invalid_request_error", "invalid_value", message, param);

    /// <summary>The key is valid but may not do this (the official SDKs raise PermissionDeniedError on 403).</summary>
    public static OpenAIErrorResult Forbidden(string message) =>
        Error(403, "invalid_request_error", "insufficient_permissions", message, null);

    public static OpenAIErrorResult ConversationNotFound(string id, string? param = null) =>
        Error(404, "invalid_request_error", "not_found", $"Conversation with id '{Shorten(id)}' not found.", param);

    public static OpenAIErrorResult ItemNotFound(string id, string? param = null) =>
        Error(404, "invalid_request_error", "not_found", $"Item with id '{Shorten(id)}' not found.", param);

    public static OpenAIErrorResult Body(BodyProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Kind switch
        {
            BodyProblemKind.TooLarge => Error(413, "invalid_request_error", "request_too_large", problem.Message, null),
            BodyProblemKind.UnsupportedMediaType => Error(415, "invalid_request_error", "unsupported_media_type", problem.Message, null),
            BodyProblemKind.Malformed => Error(400, "invalid_request_error", "invalid_json", "We could not parse the JSON body of your request.", null),
            _ => Error(400, "invalid_request_error", "invalid_json", problem.Message, problem.Path),
        };
    }

    public static OpenAIErrorResult Error(int status, string type, string? code, string message, string? param) =>
        new(status, new OpenAIErrorEnvelope(new OpenAIError(code, message, param, type)));

    // An id echoed in a message is the caller's own input; cut it so a huge one cannot bloat the answer.
    private static string Shorten(string id) => id.Length <= 64 ? id : id[..64] + "…";
}

public sealed record OpenAIErrorEnvelope(OpenAIError Error);

public sealed record OpenAIError(string? Code, string Message, string? Param, string Type);

/// <summary>An OpenAI error answer; every OpenAI endpoint may answer these statuses with <see cref="OpenAIErrorEnvelope"/>.</summary>
public sealed class OpenAIErrorResult(int status, OpenAIErrorEnvelope error)
    : ErrorResult<OpenAIErrorEnvelope>(status, error, OpenAIJsonContext.Default.OpenAIErrorEnvelope), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, 400, 401, 403, 404, 413, 415, 429, 503);
}
