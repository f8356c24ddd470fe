using System.Diagnostics;
using System.Text.Json;
using Conversations.Model;
using Conversations.Storage;
using Conversations.Storage.Sqlite;
using Microsoft.Data.Sqlite;

namespace Conversations.Bench;

/// <summary>Seeds one conversation holding many items, or finds the one an earlier run seeded.</summary>
internal static class ItemSeed
{
    /// <summary>
    /// The conversation named <paramref name="name"/> of <paramref name="user"/> holding
    /// <paramref name="count"/> items (alternating user and assistant messages, 20 to a millisecond so
    /// ties on time are broken by the id's digits), reused when the file already has it. Returns its id.
    /// </summary>
    public static async Task<string> SeedAsync(string path, SqliteConversationStore store, string user, string name, int count, Func<int, JsonElement> body)
    {
        const string Tenant = ServerSettings.Tenant;
        using (var connection = new SqliteConnection($"Data Source={path}"))
        {
            connection.Open();
            using var find = connection.CreateCommand();
            find.CommandText = "SELECT c.id FROM conversations c WHERE c.tenant_id = @t AND c.user_id = @u AND c.name = @n AND (SELECT count(*) FROM items i WHERE i.tenant_id = c.tenant_id AND i.user_id = c.user_id AND i.conversation_id = c.id) = @count";
            find.Parameters.AddWithValue("@t", Tenant);
            find.Parameters.AddWithValue("@u", user);
            find.Parameters.AddWithValue("@n", name);
            find.Parameters.AddWithValue("@count", count);
            if (find.ExecuteScalar() is string existing)
            {
                return existing;
            }
        }

        var clock = Stopwatch.StartNew();
        var start = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var conversation = new Conversation { Id = ItemIds.New(start), TenantId = Tenant, UserId = user, Name = name, CreatedAt = start, UpdatedAt = start };
        await store.CreateConversationAsync(conversation, CancellationToken.None);
        var key = new ConversationKey(Tenant, user, conversation.Id);
        const int Batch = 1000;
        for (var first = 0; first < count; first += Batch)
        {
            var items = Enumerable.Range(first, Math.Min(Batch, count - first)).Select(i =>
            {
                var at = start.AddMilliseconds(i / 20);
                return new ConversationItem
                {
                    Id = ItemIds.NewItem("msg", at),
                    TenantId = Tenant,
                    UserId = user,
                    ConversationId = conversation.Id,
                    Type = ConversationItemType.Message,
                    Role = i % 2 == 0 ? "user" : "assistant",
                    Body = body(i),
                    CreatedAt = at,
                };
            }).ToList();
            await store.AddItemsAsync(key, items, start, CancellationToken.None);
        }

        Console.Error.WriteLine($"Seeded {count:N0} items in {clock.Elapsed.TotalSeconds:F1} s.");
        return conversation.Id;
    }
}
