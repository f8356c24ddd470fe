using System.Text.Json.Serialization;

namespace Conversations.Paging;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CursorCodec.Payload))]
internal sealed partial class CursorJsonContext : JsonSerializerContext;
