using Conversations.Api.Dify;
using Conversations.Api.Mielto;
using Conversations.Api.OpenAI;

namespace Conversations.Api.Http;

/// <summary>
/// The route table: every route of the API, once. The Kestrel server maps it with endpoint routing;
/// the Functions app has one trigger per entry (a test holds the two in step). Templates have no
/// leading slash, as Functions routes are written, and host.json sets the route prefix to "".
/// </summary>
public static class ApiRoutes
{
    public static readonly ApiRoute DifyListConversations = new("DifyListConversations", "GET", "v1/conversations", DifyDialect.Instance, DifyConversationsApi.ListAsync);
    public static readonly ApiRoute DifyCreateConversation = new("DifyCreateConversation", "POST", "v1/conversations", DifyDialect.Instance, DifyConversationsApi.CreateAsync);
    public static readonly ApiRoute DifyRenameConversation = new("DifyRenameConversation", "POST", "v1/conversations/{conversation_id}/name", DifyDialect.Instance, DifyConversationsApi.RenameAsync);
    public static readonly ApiRoute DifyDeleteConversation = new("DifyDeleteConversation", "DELETE", "v1/conversations/{conversation_id}", DifyDialect.Instance, DifyConversationsApi.DeleteAsync);
    public static readonly ApiRoute DifyListVariables = new("DifyListVariables", "GET", "v1/conversations/{conversation_id}/variables", DifyDialect.Instance, DifyVariablesApi.ListAsync);
    public static readonly ApiRoute DifyCreateVariable = new("DifyCreateVariable", "POST", "v1/conversations/{conversation_id}/variables", DifyDialect.Instance, DifyVariablesApi.CreateAsync);
    public static readonly ApiRoute DifyUpdateVariable = new("DifyUpdateVariable", "PUT", "v1/conversations/{conversation_id}/variables/{variable_id}", DifyDialect.Instance, DifyVariablesApi.UpdateAsync);

    public static readonly ApiRoute OpenAIListConversations = new("OpenAIListConversations", "GET", "openai/v1/conversations", OpenAIDialect.Instance, OpenAIConversationsApi.ListAsync);
    public static readonly ApiRoute OpenAICreateConversation = new("OpenAICreateConversation", "POST", "openai/v1/conversations", OpenAIDialect.Instance, OpenAIConversationsApi.CreateAsync);
    public static readonly ApiRoute OpenAIGetConversation = new("OpenAIGetConversation", "GET", "openai/v1/conversations/{conversation_id}", OpenAIDialect.Instance, OpenAIConversationsApi.GetAsync);
    public static readonly ApiRoute OpenAIUpdateConversation = new("OpenAIUpdateConversation", "POST", "openai/v1/conversations/{conversation_id}", OpenAIDialect.Instance, OpenAIConversationsApi.UpdateAsync);
    public static readonly ApiRoute OpenAIDeleteConversation = new("OpenAIDeleteConversation", "DELETE", "openai/v1/conversations/{conversation_id}", OpenAIDialect.Instance, OpenAIConversationsApi.DeleteAsync);

    public static readonly ApiRoute MieltoListConversations = new("MieltoListConversations", "GET", "api/v1/conversations", MieltoDialect.Instance, MieltoConversationsApi.ListAsync);
    public static readonly ApiRoute MieltoCreateConversation = new("MieltoCreateConversation", "POST", "api/v1/conversations", MieltoDialect.Instance, MieltoConversationsApi.CreateAsync);
    public static readonly ApiRoute MieltoGetConversation = new("MieltoGetConversation", "GET", "api/v1/conversations/{conversation_id}", MieltoDialect.Instance, MieltoConversationsApi.GetAsync);
    public static readonly ApiRoute MieltoUpdateConversation = new("MieltoUpdateConversation", "PATCH", "api/v1/conversations/{conversation_id}", MieltoDialect.Instance, MieltoConversationsApi.UpdateAsync);
    public static readonly ApiRoute MieltoDeleteConversation = new("MieltoDeleteConversation", "DELETE", "api/v1/conversations/{conversation_id}", MieltoDialect.Instance, MieltoConversationsApi.DeleteAsync);

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        DifyListConversations, DifyCreateConversation, DifyRenameConversation, DifyDeleteConversation,
        DifyListVariables, DifyCreateVariable, DifyUpdateVariable,
        OpenAIListConversations, OpenAICreateConversation, OpenAIGetConversation, OpenAIUpdateConversation, OpenAIDeleteConversation,
        MieltoListConversations, MieltoCreateConversation, MieltoGetConversation, MieltoUpdateConversation, MieltoDeleteConversation,
    ];
}
