using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;

namespace Conversations.Api.OpenAI;

/// <summary>A conversation item as OpenAI shows it: its id, then its stored fields (type, role, content, status, …).</summary>
public static class OpenAIItem
{
    /// <summary>The item as one JSON value (a retrieve's answer).</summary>
    public static JsonElement From(ConversationItem item)
    {
        var reader = new Utf8JsonReader(Written(item).Utf8.Span);
        return JsonElement.ParseValue(ref reader);
    }

    /// <summary>The item's bytes, escaped as the API writes, so a page copies them as they are.</summary>
    public static WrittenJson Written(ConversationItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = VerbatimJsonConverter.ApiEncoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("id", item.Id);
            foreach (var property in item.Body.EnumerateObject())
            {
                property.WriteTo(writer);
            }

            writer.WriteEndObject();
        }

        return new WrittenJson(buffer.WrittenMemory);
    }
}

/// <summary><c>OpenAI.ConversationItemList</c>: a page of items with the ids the SDKs page by.</summary>
public sealed record OpenAIItemList(
    [property: JsonPropertyName("object")] string Kind,
    IReadOnlyList<WrittenJson> Data,
    string? FirstId,
    string? LastId,
    bool HasMore)
{
    public static OpenAIItemList Of(Page<ConversationItem> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        ApiTelemetry.PageServed(page.Items.Count);
        var items = page.Items;
        return new("list", items.Select(OpenAIItem.Written).ToList(), items.Count > 0 ? items[0].Id : null, items.Count > 0 ? items[^1].Id : null, page.HasMore);
    }
}

/// <summary>The body of an items create.</summary>
public sealed record OpenAICreateItemsBody(
    [property: System.ComponentModel.Description("1 to 20 items: messages (role user, assistant, system or developer; content a string or parts), function_call, function_call_output or reasoning items. Each at most 256 KiB as JSON.")]
    IReadOnlyList<JsonElement> Items);
