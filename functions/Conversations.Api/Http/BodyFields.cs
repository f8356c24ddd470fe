using System.Runtime.InteropServices;
using System.Text.Json;

namespace Conversations.Api.Http;

/// <summary>
/// Typed reads of body fields with one rule for every dialect: absent or null means "not given"; a
/// value of the wrong JSON kind is an error naming the field. <c>Error</c> holds the first problem found.
/// The text itself was already checked once, for the whole body, by <see cref="JsonBody"/>.
/// </summary>
public sealed class BodyFields(JsonElement body)
{
    /// <summary>True when the body names the field at all, null included (a PATCH clears a field with null).</summary>
    public bool IsPresent(string name) => body.TryGetProperty(name, out _);

    public string? Error { get; private set; }

    public string? ErrorField { get; private set; }

    /// <summary>A machine-readable kind of <see cref="Error"/> (pydantic's names, which Mielto's clients see).</summary>
    public string? ErrorType { get; private set; }

    public string? Text(string name, int maxLength = int.MaxValue)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return Fail<string>(name, $"{name} must be a string.", "string_type");
        }

        var text = value.GetString()!;
        return text.Length > maxLength ? Fail<string>(name, $"{name} must be at most {maxLength} characters.", "string_too_long") : text;
    }

    public bool? Flag(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? value.GetBoolean()
            : Fail<bool?>(name, $"{name} must be a boolean.", "bool_type");
    }

    /// <summary>A JSON object of at most <paramref name="maxBytes"/> bytes as sent (a free-form field's size cap).</summary>
    public JsonElement? JsonObject(string name, int maxBytes)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind != JsonValueKind.Object ? Fail<JsonElement?>(name, $"{name} must be an object.", "dict_type")
            : IsTooLarge(name, value, maxBytes) ? null
            : value.Clone();
    }

    /// <summary>Any JSON value except null (for variable values, whose kind the value type decides), of at most <paramref name="maxBytes"/> bytes as sent.</summary>
    public JsonElement? AnyValue(string name, int maxBytes) => TryGet(name, out var value) && !IsTooLarge(name, value, maxBytes) ? value.Clone() : null;

    private bool IsTooLarge(string name, JsonElement value, int maxBytes)
    {
        if (JsonMarshal.GetRawUtf8Value(value).Length <= maxBytes)
        {
            return false;
        }

        Reject(name, $"{name} may take at most {maxBytes} bytes of JSON.", "too_long");
        return true;
    }

    public IReadOnlyList<string>? TextList(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            return Fail<IReadOnlyList<string>>(name, $"{name} must be an array of strings.", "list_type");
        }

        return value.EnumerateArray().Select(e => e.GetString()!).ToList();
    }

    /// <summary>An object whose values are all strings (OpenAI metadata).</summary>
    public IReadOnlyDictionary<string, string>? TextMap(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Any(p => p.Value.ValueKind != JsonValueKind.String))
        {
            return Fail<IReadOnlyDictionary<string, string>>(name, $"{name} must be an object whose values are strings.", "dict_type");
        }

        return value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    public DateTimeOffset? Timestamp(string name)
    {
        var text = Text(name);
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var time)
            ? time.ToUniversalTime()
            : Fail<DateTimeOffset?>(name, $"{name} must be an ISO-8601 date-time.", "datetime_parsing");
    }

    /// <summary>Records a rule the caller checked itself (a bound, an enum).</summary>
    public void Reject(string name, string message, string type = "value_error")
    {
        if (Error is null)
        {
            Error = message;
            ErrorField = name;
            ErrorType = type;
        }
    }

    private bool TryGet(string name, out JsonElement value) =>
        body.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private T? Fail<T>(string name, string message, string type)
    {
        Reject(name, message, type);
        return default;
    }
}
