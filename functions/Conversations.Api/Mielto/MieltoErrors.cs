using System.Reflection;
using Conversations.Api.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Conversations.Api.Mielto;

/// <summary>
/// Mielto is a FastAPI service: validation failures are 422 <c>{"detail": [{loc, msg, type}]}</c>,
/// every other error is <c>{"detail": "message"}</c>.
/// </summary>
public static class MieltoErrors
{
    public static MieltoErrorResult Query(string field, string message, string type = "value_error") =>
        new(new MieltoValidationErrors([new MieltoValidationError(["query", field], message, type)]));

    public static MieltoErrorResult Body(BodyFields fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        return new(new MieltoValidationErrors([new MieltoValidationError(["body", fields.ErrorField!], fields.Error!, fields.ErrorType!)]));
    }

    /// <summary>A body that could not be used at all; 413 and 415 are not validation errors in FastAPI either.</summary>
    public static MieltoErrorResult Body(BodyProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var (message, type) = problem.Kind switch
        {
            BodyProblemKind.TooLarge => (problem.Message, ""),
            BodyProblemKind.UnsupportedMediaType => (problem.Message, ""),
            BodyProblemKind.Missing => ("Field required", "missing"),
            BodyProblemKind.NotAnObject => ("Input should be a valid dictionary or object to extract fields from", "model_attributes_type"),
            BodyProblemKind.InvalidText => (problem.Message, "string_unicode"),
            BodyProblemKind.DuplicateProperty => (problem.Message, "value_error"),
            _ => ("JSON decode error: " + problem.Message, "json_invalid"),
        };
        return problem.Kind switch
        {
            BodyProblemKind.TooLarge => Detail(413, message),
            BodyProblemKind.UnsupportedMediaType => Detail(415, message),
            _ => new MieltoErrorResult(new MieltoValidationErrors([new MieltoValidationError(BodyLocation(problem.Path), message, type)])),
        };
    }

    public static MieltoErrorResult ConversationNotFound() => Detail(404, "Conversation not found");

    public static MieltoErrorResult Detail(int status, string message) => new(status, new MieltoDetail(message));

    // FastAPI locates a body error as ["body", field, …]; a JSON path "$.a.b" becomes ["body", "a", "b"].
    private static IReadOnlyList<string> BodyLocation(string? path) =>
        ["body", .. (path ?? "$").Split('.', StringSplitOptions.RemoveEmptyEntries).Skip(1)];
}

public sealed record MieltoDetail(string Detail);

public sealed record MieltoValidationErrors(IReadOnlyList<MieltoValidationError> Detail);

public sealed record MieltoValidationError(IReadOnlyList<string> Loc, string Msg, string Type);

/// <summary>
/// A Mielto error answer: 422 with <see cref="MieltoValidationErrors"/>, any other status with
/// <see cref="MieltoDetail"/>, as FastAPI answers.
/// </summary>
public sealed class MieltoErrorResult : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    private readonly IResult _inner;

    public MieltoErrorResult(MieltoValidationErrors errors) => (StatusCode, _inner) = (422, new ValidationResult(errors));

    public MieltoErrorResult(int status, MieltoDetail detail) => (StatusCode, _inner) = (status, new DetailResult(status, detail));

    public int StatusCode { get; }

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    /// <summary>Sent as <c>Retry-After</c> on a 429 or a 503.</summary>
    public TimeSpan? RetryAfter
    {
        get => (_inner as DetailResult)?.RetryAfter;
        init => ((DetailResult)_inner).RetryAfter = value;
    }

    public Task ExecuteAsync(HttpContext httpContext) => _inner.ExecuteAsync(httpContext);

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ValidationResult.Declare(builder);
        DetailResult.Declare(builder);
    }

    private sealed class ValidationResult(MieltoValidationErrors errors)
        : ErrorResult<MieltoValidationErrors>(422, errors, MieltoJsonContext.Default.MieltoValidationErrors)
    {
        public static void Declare(EndpointBuilder builder) => Produces(builder, 422);
    }

    private sealed class DetailResult(int status, MieltoDetail detail)
        : ErrorResult<MieltoDetail>(status, detail, MieltoJsonContext.Default.MieltoDetail)
    {
        public static void Declare(EndpointBuilder builder) => Produces(builder, 401, 403, 404, 413, 415, 429, 503);
    }
}
