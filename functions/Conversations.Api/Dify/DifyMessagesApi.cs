using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Conversations.Api.Dify;

/// <summary>Dify's conversation history, <c>GET /v1/messages</c>: the latest exchanges first, each page in chronological order.</summary>
public static class DifyMessagesApi
{
    /// <summary>How many items one read of an exchange's answers takes; a page's answers take as many reads as they need.</summary>
    private const int AnswerReadSize = 100;

    public static async Task<Results<JsonOk<DifyList<DifyMessage>>, DifyErrorResult>> ListAsync(
        [AsParameters] DifyMessagesQuery query, ApiCaller caller, IConversationStore store, CancellationToken cancellationToken)
    {
        if (!query.TryParse(caller, out var request, out var error))
        {
            return error;
        }

        if (await store.FindConversationAsync(request.Scope, request.ConversationId, cancellationToken) is not { } conversation)
        {
            return DifyErrors.ConversationNotFound();
        }

        var key = new ConversationKey(conversation.TenantId, conversation.UserId, conversation.Id);
        KeysetPosition? first = null;
        if (request.FirstId is { } firstId)
        {
            // first_id is a message Dify showed: the id digits of a user message item.
            var item = await store.FindItemAsync(key, ItemIds.FromUuid(ConversationItemType.IdPrefix(ConversationItemType.Message), firstId)!, cancellationToken);
            if (item is not { Role: "user" })
            {
                return DifyErrors.NotFound("First Message Not Exists.");
            }

            first = KeysetPosition.Of(item);
        }

        // As Dify does: the latest `limit` user messages before first_id, newest first, then reversed.
        var users = await store.ListItemsAsync(new ItemQuery(key, true, request.Limit, first) { UserMessagesOnly = true }, cancellationToken);
        var exchanges = users.Items.Reverse().ToList();
        var answers = await AnswersAsync(store, key, exchanges, first, cancellationToken);
        var messages = exchanges.Select((user, i) => DifyMessage.From(conversation, user, answers[i])).ToList();
        return JsonOk.Of(DifyList.Of(request.Limit, new Page<DifyMessage>(messages, users.HasMore), m => m), DifyJsonContext.Default.DifyListDifyMessage);
    }

    /// <summary>
    /// The items after each user message up to the next one: one ascending walk from the page's first
    /// user message to the message after its last (<paramref name="end"/>, or the conversation's end).
    /// </summary>
    private static async Task<List<List<ConversationItem>>> AnswersAsync(
        IConversationStore store, ConversationKey key, List<ConversationItem> exchanges, KeysetPosition? end, CancellationToken cancellationToken)
    {
        var answers = exchanges.Select(_ => new List<ConversationItem>()).ToList();
        if (exchanges.Count == 0)
        {
            return answers;
        }

        var current = 0;
        var after = KeysetPosition.Of(exchanges[0]);
        while (true)
        {
            var page = await store.ListItemsAsync(new ItemQuery(key, false, AnswerReadSize, after) { Before = end }, cancellationToken);
            foreach (var item in page.Items)
            {
                if (current + 1 < exchanges.Count && item.Id == exchanges[current + 1].Id)
                {
                    current++;
                }
                else
                {
                    answers[current].Add(item);
                }
            }

            if (!page.HasMore)
            {
                return answers;
            }

            after = KeysetPosition.Of(page.Items[^1]);
        }
    }
}
