using System.ComponentModel;
using System.Text.Json;

namespace Conversations.Api.Dify;

// The JSON bodies Dify's writes read, as the API reference shows them; DifyRequests parses them.

/// <summary>The body of a create: <c>POST /v1/conversations</c> (an addition of this service: Dify creates conversations from chat messages).</summary>
public sealed record DifyCreateConversationBody(
    [property: Description("The end user the conversation belongs to.")] string? User = null,
    [property: Description("At most 255 characters.")] string? Name = null,
    [property: Description("The app's input variables, a JSON object.")] JsonElement? Inputs = null,
    [property: Description("The opening message, at most 10,000 characters.")] string? Introduction = null);

/// <summary>The body of a rename.</summary>
public sealed record DifyRenameBody(
    [property: Description("The new name, at most 255 characters; required unless auto_generate is true.")] string? Name = null,
    [property: Description("Let the service name the conversation (from its introduction).")] bool? AutoGenerate = null,
    [property: Description("The end user the conversation belongs to.")] string? User = null);

/// <summary>The body of a delete (optional).</summary>
public sealed record DifyUserBody([property: Description("The end user the conversation belongs to.")] string? User = null);

/// <summary>The body of a variable create (an addition of this service: Dify's workflows declare variables).</summary>
public sealed record DifyCreateVariableBody(
    [property: Description("1 to 255 letters, digits, '-', '_' or '.'.")] string Name,
    [property: Description("string, number, object, secret, file, boolean, array[any], array[string], array[number], array[object], array[file] or array[boolean].")] string ValueType,
    [property: Description("The value, of the JSON kind value_type names.")] JsonElement Value,
    [property: Description("At most 1,024 characters.")] string? Description = null,
    [property: Description("The end user the conversation belongs to.")] string? User = null);

/// <summary>The body of a variable update.</summary>
public sealed record DifyUpdateVariableBody(
    [property: Description("The new value, of the variable's value_type.")] JsonElement Value,
    [property: Description("The end user the conversation belongs to.")] string? User = null);

