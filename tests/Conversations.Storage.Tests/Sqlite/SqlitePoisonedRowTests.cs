using System.Text.Json;
using Conversations.Model;
using Conversations.Storage.Sqlite;
using Conversations.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>
/// Rows stored before the API refused unpaired surrogates: text that is not UTF-8 (a raw surrogate,
/// written here with SQLite's char(0xD800)) and JSON text holding the escape \ud800. They must never
/// break a read: each is repaired as it is read and logged once, and the repair command rewrites them.
/// </summary>
public sealed class SqlitePoisonedRowTests : IAsyncLifetime, IDisposable
{
    private const int RepairedOnRead = 200;
    private const int RawSurrogate = 0xD800;

    private readonly SqliteTempFile _file = new();
    private readonly FakeLogger<SqliteConversationStore> _log = new();
    private SqliteConversationStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteConversationStore(_file.ConnectionString, _log);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _store.Dispose();
        _file.Dispose();
    }

    [Fact]
    public async Task A_poisoned_conversation_lists_and_reads_well_formed_and_is_logged_once()
    {
        var tenant = TestData.NewTenant();
        var clean = TestData.Conversation(tenant, "u", TestData.Epoch, "clean") with { Inputs = TestData.Json("""{"pair":"\ud83d\ude80","slash":"\\ud800"}""") };
        var poisoned = await PoisonedConversationAsync(tenant);
        await _store.CreateConversationAsync(clean, CancellationToken.None);
        var scope = UserScope.User(tenant, "u");
        var query = new ConversationQuery(scope, new(ConversationSortField.CreatedAt, false), ConversationFilter.None, 10);

        var listed = (await _store.ListConversationsAsync(query, CancellationToken.None)).Items;
        var found = await _store.FindConversationAsync(scope, poisoned.Id, CancellationToken.None);
        await _store.ListConversationsAsync(query with { Scope = UserScope.WholeTenant(tenant) }, CancellationToken.None);

        Assert.Equal([poisoned.Id, clean.Id], listed.Select(c => c.Id));
        foreach (var conversation in new[] { listed[0], found! })
        {
            // Serialising proves every string and name is well formed: System.Text.Json refuses any other.
            JsonSerializer.Serialize(conversation);
            Assert.Equal("Trip \uFFFD\uFFFD\uFFFD", conversation.Name);
            Assert.Equal("\uFFFD", conversation.Inputs!.Value.GetProperty("city").GetString());
            Assert.Equal("x", conversation.Metadata!.Value.GetProperty("\uFFFD").GetString());
            Assert.Equal(["ok", "\uFFFD"], conversation.Collections);
            Assert.Equal("🚀", conversation.Settings!.Value.GetProperty("pair").GetString());
            Assert.Equal("a\uFFFD", conversation.Settings!.Value.GetProperty("lone").GetString());
        }

        // An escaped backslash before "ud800" is no escape of a surrogate: the clean row stays as it was.
        Assert.Equal(clean.Inputs!.Value.GetRawText(), listed[1].Inputs!.Value.GetRawText());
        var logged = Assert.Single(_log.Collector.GetSnapshot(), r => r.Id.Id == RepairedOnRead);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, logged.Level);
        Assert.Equal("conversations", logged.GetStructuredStateValue("Table"));
        Assert.Equal(poisoned.Id, logged.GetStructuredStateValue("Id"));
        Assert.DoesNotContain("Trip", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_poisoned_variable_lists_and_reads_well_formed_and_is_logged_once()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u");
        await _store.CreateConversationAsync(conversation, CancellationToken.None);
        var variable = await PoisonedVariableAsync(conversation);
        var key = new ConversationKey(tenant, "u", conversation.Id);

        var listed = Assert.Single((await _store.ListVariablesAsync(new VariableQuery(key, null, 10), CancellationToken.None)).Items);
        var found = await _store.FindVariableAsync(key, variable.Id, CancellationToken.None);

        foreach (var read in new[] { listed, found! })
        {
            JsonSerializer.Serialize(read);
            Assert.Equal("\uFFFD", read.Value.GetString());
            Assert.Equal("name\uFFFD\uFFFD\uFFFD", read.Name);
        }

        var logged = Assert.Single(_log.Collector.GetSnapshot(), r => r.Id.Id == RepairedOnRead);
        Assert.Equal("variables", logged.GetStructuredStateValue("Table"));
        Assert.Equal(variable.Id, logged.GetStructuredStateValue("Id"));
    }

    [Fact]
    public async Task The_repair_rewrites_poisoned_rows_for_good_and_leaves_clean_rows_alone()
    {
        var tenant = TestData.NewTenant();
        var poisoned = await PoisonedConversationAsync(tenant);
        var variable = await PoisonedVariableAsync(poisoned);
        var clean = TestData.Conversation(tenant, "u", TestData.Epoch.AddSeconds(1), "Clean") with { Inputs = TestData.Json("""{"pair":"\ud83d\ude80"}""") };
        await _store.CreateConversationAsync(clean, CancellationToken.None);
        var cleanBefore = await _file.ScalarAsync("SELECT inputs FROM conversations WHERE id = @id", ("@id", clean.Id));

        var repaired = await SqliteRepair.RepairAsync(_file.ConnectionString, new FakeLogger(), CancellationToken.None);
        var again = await SqliteRepair.RepairAsync(_file.ConnectionString, new FakeLogger(), CancellationToken.None);

        Assert.Equal(2, repaired);
        Assert.Equal(0, again);
        // Stored text is now UTF-8 (compared as bytes: decoding would hide invalid bytes behind U+FFFD).
        Assert.Equal(Hex("Trip \uFFFD\uFFFD\uFFFD"), await _file.ScalarAsync("SELECT hex(name) FROM conversations WHERE id = @id", ("@id", poisoned.Id)));
        Assert.Equal(Hex("trip \uFFFD\uFFFD\uFFFD"), await _file.ScalarAsync("SELECT hex(name_folded) FROM conversations WHERE id = @id", ("@id", poisoned.Id)));
        Assert.Equal(Hex("name\uFFFD\uFFFD\uFFFD"), await _file.ScalarAsync("SELECT hex(name) FROM variables WHERE id = @id", ("@id", variable.Id)));
        Assert.Equal("""{"\ufffd":"x"}""", await _file.ScalarAsync("SELECT metadata FROM conversations WHERE id = @id", ("@id", poisoned.Id)));
        Assert.Equal("""["ok","\ufffd"]""", await _file.ScalarAsync("SELECT collections FROM conversations WHERE id = @id", ("@id", poisoned.Id)));
        Assert.Equal("""{"city":"\ufffd"}""", await _file.ScalarAsync("SELECT inputs FROM conversations WHERE id = @id", ("@id", poisoned.Id)));
        Assert.Equal("""{"pair":"\ud83d\ude80","lone":"a\ufffd"}""", await _file.ScalarAsync("SELECT settings FROM conversations WHERE id = @id", ("@id", poisoned.Id)));
        Assert.Equal("\"\\ufffd\"", await _file.ScalarAsync("SELECT value FROM variables WHERE id = @id", ("@id", variable.Id)));
        Assert.Equal(cleanBefore, await _file.ScalarAsync("SELECT inputs FROM conversations WHERE id = @id", ("@id", clean.Id)));

        // A store reading the repaired rows has nothing left to repair or log.
        using var fresh = new SqliteConversationStore(_file.ConnectionString, _log);
        await fresh.ListConversationsAsync(new(UserScope.User(tenant, "u"), new(ConversationSortField.CreatedAt, false), ConversationFilter.None, 10), CancellationToken.None);
        await fresh.ListVariablesAsync(new VariableQuery(new ConversationKey(tenant, "u", poisoned.Id), null, 10), CancellationToken.None);
        Assert.DoesNotContain(_log.Collector.GetSnapshot(), r => r.Id.Id == RepairedOnRead);
    }

    private static string Hex(string text) => Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>A conversation stored through the store, then poisoned in place with raw SQL.</summary>
    private async Task<Conversation> PoisonedConversationAsync(string tenant)
    {
        var conversation = TestData.Conversation(tenant, "u", TestData.Epoch.AddMilliseconds(-1));
        await _store.CreateConversationAsync(conversation, CancellationToken.None);
        await _file.ExecuteAsync(
            """
            UPDATE conversations SET
                name = 'Trip ' || char(@surrogate),
                inputs = '{"city":"\ud800"}',
                metadata = '{"\udfff":"x"}',
                collections = '["ok","\uD800"]',
                settings = '{"pair":"\ud83d\ude80","lone":"a\udc00"}'
            WHERE id = @id
            """,
            ("@surrogate", RawSurrogate),
            ("@id", conversation.Id));
        return conversation;
    }

    private async Task<Variable> PoisonedVariableAsync(Conversation conversation)
    {
        var variable = TestData.Variable(conversation, "name");
        await _store.CreateVariableAsync(variable, CancellationToken.None);
        await _file.ExecuteAsync(
            """UPDATE variables SET name = 'name' || char(@surrogate), value = '"\ud800"' WHERE id = @id""",
            ("@surrogate", RawSurrogate),
            ("@id", variable.Id));
        return variable;
    }
}
