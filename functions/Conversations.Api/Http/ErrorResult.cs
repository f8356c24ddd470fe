using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Conversations.Api.Http;

/// <summary>
/// A dialect's error answer: a status, the dialect's envelope, and <c>Retry-After</c> on a 503. Each
/// dialect derives one type that also tells the OpenAPI document which statuses carry this envelope.
/// </summary>
public abstract class ErrorResult<TBody>(int statusCode, TBody body, JsonTypeInfo<TBody> typeInfo)
    : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<TBody>
{
    public int StatusCode => statusCode;

    int? IStatusCodeHttpResult.StatusCode => statusCode;

    public TBody Value => body;

    object? IValueHttpResult.Value => body;

    /// <summary>Sent as <c>Retry-After</c> in whole seconds, rounded up.</summary>
    public TimeSpan? RetryAfter { get; set; }

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (RetryAfter is { } wait)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = statusCode;
        return httpContext.Response.WriteAsJsonAsync(body, typeInfo);
    }

    /// <summary>Declares that <paramref name="statuses"/> answer with <typeparamref name="TBody"/>.</summary>
    protected static void Produces(EndpointBuilder builder, params int[] statuses)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var status in statuses)
        {
            builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(TBody), ["application/json"]));
        }
    }
}
