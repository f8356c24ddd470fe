using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conversations.Api.Http;

/// <summary>
/// A JSON value this API has already written, with <see cref="VerbatimJsonConverter.ApiEncoder"/>, as its
/// UTF-8 bytes: a page holds the bytes and copies them to the response as they are, where a
/// <see cref="JsonElement"/> would have to be parsed back from them first (an OpenAI item page did so
/// for each of its items: a sixth of its CPU).
/// </summary>
[JsonConverter(typeof(WrittenJsonConverter))]
public sealed class WrittenJson(ReadOnlyMemory<byte> utf8)
{
    /// <summary>The value as written: compact, escaped as the API escapes.</summary>
    public ReadOnlyMemory<byte> Utf8 => utf8;
}

/// <summary>
/// Copies a <see cref="WrittenJson"/> as it is when the writer escapes as the API does, and through the
/// writer otherwise, so the bytes are what the writer would have written either way.
/// </summary>
public sealed class WrittenJsonConverter : JsonConverter<WrittenJson>
{
    /// <summary>Only answers hold written JSON; no request body is read into one.</summary>
    public override WrittenJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("Written JSON is only ever written.");

    public override void Write(Utf8JsonWriter writer, WrittenJson value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        // Bytes the API's encoder wrote are as that encoder writes them; for another encoder, the check.
        if (writer.Options.Encoder is { } encoder
            && (ReferenceEquals(encoder, VerbatimJsonConverter.ApiEncoder) || VerbatimJsonConverter.IsAsWritten(value.Utf8.Span, encoder)))
        {
            writer.WriteRawValue(value.Utf8.Span, skipInputValidation: true);
            return;
        }

        using var document = JsonDocument.Parse(value.Utf8);
        document.RootElement.WriteTo(writer);
    }
}
