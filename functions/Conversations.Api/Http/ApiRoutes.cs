using Conversations.Api.Dify;
using Conversations.Api.Mielto;
using Conversations.Api.OpenAI;
using Microsoft.AspNetCore.Builder;

namespace Conversations.Api.Http;

/// <summary>
/// The route table: every route of the API, once. The self-hosted server maps it with endpoint
/// routing; the Functions app has one trigger per entry (a test compares the app's function metadata
/// with this table).
/// </summary>
public static class ApiRoutes
{
    public static readonly ApiRoute DifyListConversations = new(nameof(DifyListConversations), "GET", RouteTemplates.DifyConversations, DifyDialect.Instance, static (e, p, m) => e.MapMethods(p, m, DifyConversationsApi.ListAsync))
    {
        Summary = "List an end user's conversations, most recently active first",
    };

    public static readonly ApiRoute DifyCreateConversation = new(nameof(DifyCreateConversation), "POST", RouteTemplates.DifyConversations, DifyDialect.Instance, static (e, p, m) => e.MapMethods(p, m, DifyConversationsApi.CreateAsync))
    {
        Summary = "Create a conversation",
        Body = typeof(DifyCreateConversationBody),
    };

    public static readonly ApiRoute DifyRenameConversation = new(nameof(DifyRenameConversation), "POST", RouteTemplates.DifyConversationName, DifyDialect.Instance, static (e, p, m) => e.MapMethods(p, m, DifyConversationsApi.RenameAsync))
    {
        Summary = "Rename a conversation",
        Body = typeof(DifyRenameBody),
    };

    public static readonly ApiRoute DifyDeleteConversation = new(nameof(DifyDeleteConversation), "DELETE", RouteTemplates.DifyConversationById, DifyDialect.Instance, static (e, p, m) => e.MapMethods(p, m, DifyConversationsApi.DeleteAsync))
    {
        Summary = "Delete a conversation, its variables and its messages",
        Body = typeof(DifyUserBody),
    };

    public static readonly ApiRoute DifyListVariables = new(nameof(DifyListVariables), "GET", RouteTemplates.DifyVariables, DifyDialect.Instance, static (e, p, m) => e.MapMethods(p, m, DifyVariablesApi.ListAsync))
    {
        Summary = "List a conversation's variables, oldest first",
    };

    public static readonly ApiRoute DifyCreateVariable = new(nameof(DifyCreateVariable), "POST", RouteTemplates.DifyVariables, DifyDialect.Instance, static (e, p, m) => e.MapMethods(p, m, DifyVariablesApi.CreateAsync))
    {
        Summary = "Create a conversation variable",
        Body = typeof(DifyCreateVariableBody),
    };

    public static readonly ApiRoute DifyUpdateVariable = new(nameof(DifyUpdateVariable), "PUT", RouteTemplates.DifyVariableById, DifyDialect.Instance, static (e, p, m) => e.MapMethods(p, m, DifyVariablesApi.UpdateAsync))
    {
        Summary = "Set a conversation variable's value",
        Body = typeof(DifyUpdateVariableBody),
    };

    public static readonly ApiRoute DifyListMessages = new(nameof(DifyListMessages), "GET", RouteTemplates.DifyMessages, DifyDialect.Instance, static (e, p, m) => e.MapMethods(p, m, DifyMessagesApi.ListAsync))
    {
        Summary = "List a conversation's messages: the latest first page, each page oldest first",
    };

    public static readonly ApiRoute OpenAIListConversations = new(nameof(OpenAIListConversations), "GET", RouteTemplates.OpenAIConversations, OpenAIDialect.Instance, static (e, p, m) => e.MapMethods(p, m, OpenAIConversationsApi.ListAsync))
    {
        Summary = "List conversations, newest first",
    };

    public static readonly ApiRoute OpenAICreateConversation = new(nameof(OpenAICreateConversation), "POST", RouteTemplates.OpenAIConversations, OpenAIDialect.Instance, static (e, p, m) => e.MapMethods(p, m, OpenAIConversationsApi.CreateAsync))
    {
        Summary = "Create a conversation",
        Body = typeof(OpenAICreateConversationBody),
    };

    public static readonly ApiRoute OpenAIGetConversation = new(nameof(OpenAIGetConversation), "GET", RouteTemplates.OpenAIConversationById, OpenAIDialect.Instance, static (e, p, m) => e.MapMethods(p, m, OpenAIConversationsApi.GetAsync))
    {
        Summary = "Retrieve a conversation",
    };

    public static readonly ApiRoute OpenAIUpdateConversation = new(nameof(OpenAIUpdateConversation), "POST", RouteTemplates.OpenAIConversationById, OpenAIDialect.Instance, static (e, p, m) => e.MapMethods(p, m, OpenAIConversationsApi.UpdateAsync))
    {
        Summary = "Replace a conversation's metadata",
        Body = typeof(OpenAIUpdateConversationBody),
    };

    public static readonly ApiRoute OpenAIDeleteConversation = new(nameof(OpenAIDeleteConversation), "DELETE", RouteTemplates.OpenAIConversationById, OpenAIDialect.Instance, static (e, p, m) => e.MapMethods(p, m, OpenAIConversationsApi.DeleteAsync))
    {
        Summary = "Delete a conversation",
    };

    public static readonly ApiRoute OpenAICreateItems = new(nameof(OpenAICreateItems), "POST", RouteTemplates.OpenAIItems, OpenAIDialect.Instance, static (e, p, m) => e.MapMethods(p, m, OpenAIItemsApi.CreateAsync))
    {
        Summary = "Add 1 to 20 items to a conversation",
        Body = typeof(OpenAICreateItemsBody),
    };

    public static readonly ApiRoute OpenAIListItems = new(nameof(OpenAIListItems), "GET", RouteTemplates.OpenAIItems, OpenAIDialect.Instance, static (e, p, m) => e.MapMethods(p, m, OpenAIItemsApi.ListAsync))
    {
        Summary = "List a conversation's items, newest first",
    };

    public static readonly ApiRoute OpenAIGetItem = new(nameof(OpenAIGetItem), "GET", RouteTemplates.OpenAIItemById, OpenAIDialect.Instance, static (e, p, m) => e.MapMethods(p, m, OpenAIItemsApi.GetAsync))
    {
        Summary = "Retrieve an item of a conversation",
    };

    public static readonly ApiRoute OpenAIDeleteItem = new(nameof(OpenAIDeleteItem), "DELETE", RouteTemplates.OpenAIItemById, OpenAIDialect.Instance, static (e, p, m) => e.MapMethods(p, m, OpenAIItemsApi.DeleteAsync))
    {
        Summary = "Delete an item of a conversation; answers the conversation",
    };

    public static readonly ApiRoute MieltoListConversations = new(nameof(MieltoListConversations), "GET", RouteTemplates.MieltoConversations, MieltoDialect.Instance, static (e, p, m) => e.MapMethods(p, m, MieltoConversationsApi.ListAsync))
    {
        Summary = "List conversations in the workspace with cursor-based pagination",
    };

    public static readonly ApiRoute MieltoCreateConversation = new(nameof(MieltoCreateConversation), "POST", RouteTemplates.MieltoConversations, MieltoDialect.Instance, static (e, p, m) => e.MapMethods(p, m, MieltoConversationsApi.CreateAsync))
    {
        Summary = "Create a conversation",
        Body = typeof(MieltoConversationBody),
    };

    public static readonly ApiRoute MieltoGetConversation = new(nameof(MieltoGetConversation), "GET", RouteTemplates.MieltoConversationById, MieltoDialect.Instance, static (e, p, m) => e.MapMethods(p, m, MieltoConversationsApi.GetAsync))
    {
        Summary = "Get a conversation",
    };

    public static readonly ApiRoute MieltoUpdateConversation = new(nameof(MieltoUpdateConversation), "PATCH", RouteTemplates.MieltoConversationById, MieltoDialect.Instance, static (e, p, m) => e.MapMethods(p, m, MieltoConversationsApi.UpdateAsync))
    {
        Summary = "Update a conversation's fields",
        Body = typeof(MieltoConversationBody),
    };

    public static readonly ApiRoute MieltoDeleteConversation = new(nameof(MieltoDeleteConversation), "DELETE", RouteTemplates.MieltoConversationById, MieltoDialect.Instance, static (e, p, m) => e.MapMethods(p, m, MieltoConversationsApi.DeleteAsync))
    {
        Summary = "Delete a conversation",
    };

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        DifyListConversations, DifyCreateConversation, DifyRenameConversation, DifyDeleteConversation,
        DifyListVariables, DifyCreateVariable, DifyUpdateVariable, DifyListMessages,
        OpenAIListConversations, OpenAICreateConversation, OpenAIGetConversation, OpenAIUpdateConversation, OpenAIDeleteConversation,
        OpenAICreateItems, OpenAIListItems, OpenAIGetItem, OpenAIDeleteItem,
        MieltoListConversations, MieltoCreateConversation, MieltoGetConversation, MieltoUpdateConversation, MieltoDeleteConversation,
    ];
}
