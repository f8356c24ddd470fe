using System.Text.Json;

namespace Conversations.Model;

/// <summary>Dify's variable value types, and which JSON values each accepts.</summary>
public static class VariableValueType
{
    public static readonly IReadOnlyList<string> All =
    [
        "string", "number", "object", "secret", "file", "boolean",
        "array[any]", "array[string]", "array[number]", "array[object]", "array[file]", "array[boolean]",
    ];

    public static bool IsKnown(string valueType) => All.Contains(valueType, StringComparer.Ordinal);

    /// <summary>True when <paramref name="value"/> is a valid value of <paramref name="valueType"/>.</summary>
    public static bool Accepts(string valueType, JsonElement value) => valueType switch
    {
        "string" or "secret" => value.ValueKind == JsonValueKind.String,
        "number" => value.ValueKind == JsonValueKind.Number,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "object" or "file" => value.ValueKind == JsonValueKind.Object,
        "array[any]" => value.ValueKind == JsonValueKind.Array,
        "array[string]" => IsArrayOf(value, JsonValueKind.String),
        "array[number]" => IsArrayOf(value, JsonValueKind.Number),
        "array[object]" or "array[file]" => IsArrayOf(value, JsonValueKind.Object),
        "array[boolean]" => value.ValueKind == JsonValueKind.Array
            && value.EnumerateArray().All(e => e.ValueKind is JsonValueKind.True or JsonValueKind.False),
        _ => false,
    };

    private static bool IsArrayOf(JsonElement value, JsonValueKind kind) =>
        value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(e => e.ValueKind == kind);
}
