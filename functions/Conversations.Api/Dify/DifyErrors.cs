using System.Reflection;
using Conversations.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Conversations.Api.Dify;

/// <summary>Dify's error envelope, <c>{status, code, message}</c>, with the codes and messages its clients know.</summary>
public static class DifyErrors
{
    public static DifyErrorResult InvalidParam(string message) => Error(400, "invalid_param", message);

    /// <summary>Dify's 403 (werkzeug's Forbidden): the key is valid but may not do this.</summary>
    public static DifyErrorResult Forbidden(string message) => Error(403, "forbidden", message);

    public static DifyErrorResult NotFound(string message) => Error(404, "not_found", message);

    public static DifyErrorResult ConversationNotFound() => NotFound("Conversation Not Exists.");

    public static DifyErrorResult Body(BodyProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return problem.Kind switch
        {
            BodyProblemKind.TooLarge => Error(413, "request_entity_too_large", problem.Message),
            BodyProblemKind.UnsupportedMediaType => Error(415, "unsupported_media_type", problem.Message),
            _ => InvalidParam(problem.Path is null ? problem.Message : $"{problem.Message} ({problem.Path})"),
        };
    }

    public static DifyErrorResult Error(int status, string code, string message) => new(new DifyError(status, code, message));

    /// <summary>The code Dify's clients would see for a status that has no more specific one.</summary>
    public static string CodeFor(int status) => status switch
    {
        400 => "invalid_param",
        401 => "unauthorized",
        403 => "forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        413 => "request_entity_too_large",
        414 => "uri_too_long",
        415 => "unsupported_media_type",
        429 => "rate_limit_error",
        431 => "request_header_fields_too_large",
        503 => "service_unavailable",
        _ => "internal_server_error",
    };
}

public sealed record DifyError(int Status, string Code, string Message);

/// <summary>A Dify error answer; every Dify endpoint may answer these statuses with <see cref="DifyError"/>.</summary>
public sealed class DifyErrorResult(DifyError error)
    : ErrorResult<DifyError>(error.Status, error, DifyJsonContext.Default.DifyError), IEndpointMetadataProvider
{
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) => Produces(builder, 400, 401, 403, 404, 413, 415, 429, 503);
}
