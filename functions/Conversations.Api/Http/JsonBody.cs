using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Http;

/// <summary>Why a request body could not be used; each dialect words it in its own envelope.</summary>
public enum BodyProblem
{
    None,
    Missing,
    TooLarge,
    Malformed,
    NotAnObject,
}

/// <summary>
/// Reads a JSON object body once, asynchronously and within a size limit. Done here rather than by
/// Kestrel's limits or model binding because the Functions host has neither, and each dialect must
/// answer a bad body in its own envelope.
/// </summary>
public static class JsonBody
{
    public const int MaxBytes = 1024 * 1024;

    public static async Task<(JsonElement Body, BodyProblem Problem)> ReadObjectAsync(HttpRequest request, bool optional = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            return (default, BodyProblem.TooLarge);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (default, BodyProblem.TooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        if (buffer.Length == 0)
        {
            return optional ? (EmptyObject, BodyProblem.None) : (default, BodyProblem.Missing);
        }

        try
        {
            using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), new JsonDocumentOptions { MaxDepth = 32 });
            return document.RootElement.ValueKind == JsonValueKind.Object
                ? (document.RootElement.Clone(), BodyProblem.None)
                : (default, BodyProblem.NotAnObject);
        }
        catch (JsonException)
        {
            return (default, BodyProblem.Malformed);
        }
    }

    private static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}
