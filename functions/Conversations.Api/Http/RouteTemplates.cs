namespace Conversations.Api.Http;

/// <summary>
/// Every route template of the API, once: the route table maps them on the self-hosted server and the
/// Functions app's <c>[HttpTrigger]</c> attributes name them (attribute arguments must be constants).
/// Templates have no leading slash, as Functions routes are written; host.json sets the prefix to "".
/// </summary>
public static class RouteTemplates
{
    public const string DifyConversations = "v1/conversations";
    public const string DifyConversationById = "v1/conversations/{conversation_id}";
    public const string DifyConversationName = "v1/conversations/{conversation_id}/name";
    public const string DifyVariables = "v1/conversations/{conversation_id}/variables";
    public const string DifyVariableById = "v1/conversations/{conversation_id}/variables/{variable_id}";
    public const string DifyMessages = "v1/messages";

    public const string OpenAIConversations = "openai/v1/conversations";
    public const string OpenAIConversationById = "openai/v1/conversations/{conversation_id}";
    public const string OpenAIItems = "openai/v1/conversations/{conversation_id}/items";
    public const string OpenAIItemById = "openai/v1/conversations/{conversation_id}/items/{item_id}";

    public const string MieltoConversations = "api/v1/conversations";
    public const string MieltoConversationById = "api/v1/conversations/{conversation_id}";
}
