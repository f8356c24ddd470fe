using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Conversations.Api.Http;

/// <summary>Why a request body could not be used; each dialect words it in its own envelope.</summary>
public enum BodyProblemKind
{
    Missing,
    TooLarge,
    UnsupportedMediaType,
    Malformed,
    TooDeep,
    DuplicateProperty,
    NotAnObject,
    InvalidText,
}

/// <summary>A body problem, with a sentence for the caller and, where one is to blame, the JSON path.</summary>
public sealed record BodyProblem(BodyProblemKind Kind, string Message, string? Path = null);

/// <summary>
/// The request's JSON body, read once and checked once: the one place where text enters the service
/// from a body, so every rule about what text the stores may hold is enforced here, for every field of
/// every dialect. A body is refused, before anything is stored, when it is larger than
/// <see cref="MaxBytes"/>, declares a media type other than JSON, is not JSON, nests deeper than
/// <see cref="MaxDepth"/>, repeats a property name in one object (the value a reader keeps would depend
/// on the reader), or holds a string that cannot be written back as UTF-8 (invalid UTF-8 bytes, an
/// escaped unpaired surrogate such as <c>"\ud800"</c>) or holds U+0000 (which many clients and
/// databases treat as the end of a string). Bound as a handler parameter, it never fails binding: a
/// handler reads <see cref="Problem"/> first. Written here rather than with model binding because each
/// dialect must answer in its own envelope, and the Functions host has no Kestrel limits of its own.
/// </summary>
public sealed class JsonBody
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxDepth = 32;

    private const string InvalidTextMessage =
        "The JSON body holds text that is not valid Unicode (an unpaired surrogate or invalid UTF-8) or a NUL character.";

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    private JsonBody(JsonElement root, bool present, BodyProblem? problem)
    {
        Root = root;
        IsPresent = present;
        Problem = problem;
    }

    /// <summary>The body's object; an empty object when the request had no body.</summary>
    public JsonElement Root { get; }

    public bool IsPresent { get; }

    /// <summary>Null when the body is usable (or absent: <see cref="Required"/> turns that into a problem).</summary>
    public BodyProblem? Problem { get; }

    /// <summary>The problem of a body that must be present: its own, or that it is missing.</summary>
    public BodyProblem? Required => Problem ?? (IsPresent ? null : new BodyProblem(BodyProblemKind.Missing, "A JSON body is required."));

    public static async ValueTask<JsonBody?> BindAsync(HttpContext context, System.Reflection.ParameterInfo parameter)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await ReadAsync(context.Request);
    }

    public static async Task<JsonBody> ReadAsync(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            return Refused(BodyProblemKind.TooLarge, $"The request body exceeds {MaxBytes} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return Refused(BodyProblemKind.TooLarge, $"The request body exceeds {MaxBytes} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return new JsonBody(EmptyObject, present: false, problem: null);
        }

        if (!IsJsonMediaType(request.ContentType))
        {
            return Refused(BodyProblemKind.UnsupportedMediaType, "The request body must be JSON (Content-Type: application/json).");
        }

        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
    }

    private static JsonBody Parse(ReadOnlyMemory<byte> utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth + 1, AllowDuplicateProperties = false });
        }
        catch (JsonException)
        {
            return Refused(WhyNotParsed(utf8.Span));
        }
        catch (InvalidOperationException)
        {
            // Comparing names for duplicates reads them, and a name that is not valid text throws there.
            return Refused(BodyProblemKind.InvalidText, InvalidTextMessage);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Refused(BodyProblemKind.NotAnObject, "The JSON body must be an object.");
            }

            return FindInvalidText(root, "$") is { } path
                ? Refused(BodyProblemKind.InvalidText, InvalidTextMessage, path)
                : new JsonBody(root.Clone(), present: true, problem: null);
        }
    }

    /// <summary>
    /// Why the document parser refused the text, which it reports alike for every cause: a reader pass
    /// tells "nested too deeply" and "not JSON" apart; text the reader takes whole repeated a name.
    /// </summary>
    private static (BodyProblemKind Kind, string Message) WhyNotParsed(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        try
        {
            while (reader.Read())
            {
            }
        }
        catch (JsonException)
        {
            return reader.CurrentDepth >= MaxDepth
                ? (BodyProblemKind.TooDeep, $"The JSON body nests deeper than {MaxDepth} levels.")
                : (BodyProblemKind.Malformed, "The request body is not valid JSON.");
        }

        return (BodyProblemKind.DuplicateProperty, "The JSON body repeats a property name in one object.");
    }

    /// <summary>The path of the first string or name that is not valid Unicode text or holds U+0000; null when all are fine.</summary>
    private static string? FindInvalidText(JsonElement value, string path)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return IsValidText(value, static v => v.GetString()) ? null : path;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (!IsValidText(property, static p => p.Name))
                    {
                        return path;
                    }

                    if (FindInvalidText(property.Value, $"{path}.{property.Name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in value.EnumerateArray())
                {
                    if (FindInvalidText(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    // System.Text.Json checks UTF-8 and escaped surrogates only when a string is read, and throws there.
    private static bool IsValidText<T>(T source, Func<T, string?> read)
    {
        try
        {
            return !read(source)!.Contains('\0', StringComparison.Ordinal);
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    private static bool IsJsonMediaType(string? contentType)
    {
        // No Content-Type is read as JSON: many clients send JSON without one, and a body is parsed as
        // JSON either way. A declared type must be JSON (application/json or any +json type).
        if (string.IsNullOrEmpty(contentType))
        {
            return true;
        }

        return MediaTypeHeaderValue.TryParse(contentType, out var type)
            && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
                || type.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }

    private static JsonBody Refused(BodyProblemKind kind, string message, string? path = null) =>
        new(default, present: true, new BodyProblem(kind, message, path));

    private static JsonBody Refused((BodyProblemKind Kind, string Message) problem) => Refused(problem.Kind, problem.Message);
}
