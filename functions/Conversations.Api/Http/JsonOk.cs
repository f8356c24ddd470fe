using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Conversations.Api.Http;

/// <summary>
/// A 200 with a JSON body, as <see cref="Microsoft.AspNetCore.Http.HttpResults.Ok{TValue}"/> writes it
/// (same bytes, same content type, same OpenAPI metadata), but written by the code the
/// System.Text.Json source generator emitted for the type, straight into the response's pipe.
/// </summary>
/// <remarks>
/// The serializer takes the generated code only when the options it runs with match the context's,
/// and the API's options do not: they escape with the relaxed encoder (non-ASCII text as it is), so
/// every page went through the slower metadata-driven converters. The generated code leaves string
/// escaping to the writer, so a writer made with the API's encoder gives the very bytes the
/// serializer gives; the contexts declare the API's naming, null and number handling alike.
/// </remarks>
public sealed class JsonOk<TValue>(TValue value, JsonTypeInfo<TValue> typeInfo)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TValue>, IEndpointMetadataProvider
{
    public TValue Value => value;

    object? IValueHttpResult.Value => value;

    int? IStatusCodeHttpResult.StatusCode => StatusCodes.Status200OK;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        if (typeInfo.SerializeHandler is not { } write)
        {
            await response.WriteAsJsonAsync(value, typeInfo);
            return;
        }

        response.ContentType = "application/json; charset=utf-8";
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        await using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true }))
        {
            write(writer, value);
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>What <see cref="Microsoft.AspNetCore.Http.HttpResults.Ok{TValue}"/> declares: a 200 of <typeparamref name="TValue"/> as JSON.</summary>
    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(TValue), ["application/json"]));
    }
}

public static class JsonOk
{
    public static JsonOk<TValue> Of<TValue>(TValue value, JsonTypeInfo<TValue> typeInfo) => new(value, typeInfo);
}
