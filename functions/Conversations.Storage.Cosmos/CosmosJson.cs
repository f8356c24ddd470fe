using System.Text.Encodings.Web;
using System.Text.Json;

namespace Conversations.Storage.Cosmos;

/// <summary>
/// How documents are written. The default encoder escapes every non-ASCII character as <c>\uXXXX</c>
/// (CJK text stored twice as large as in UTF-8) and <c>&lt;&gt;&amp;'+</c> (six bytes each); stored
/// documents are never embedded in HTML, so only what JSON itself requires is escaped. Characters
/// outside the Basic Multilingual Plane (emoji) are still escaped, as a surrogate pair: twelve bytes
/// for four, which <see cref="CosmosItemSize"/> accounts for.
/// </summary>
public static class CosmosJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
