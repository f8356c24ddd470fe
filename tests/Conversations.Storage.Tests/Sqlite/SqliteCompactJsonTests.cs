using System.Text.Json;
using Conversations.Model;
using Conversations.Storage.Sqlite;
using Conversations.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>
/// The store keeps a conversation's JSON values (inputs, metadata, settings) in the form the API writes
/// them (compact, escaped by the API's encoder), so that a list page can copy them to the wire as they
/// are; and it still reads rows stored before, as their clients sent them.
/// </summary>
public sealed class SqliteCompactJsonTests : IAsyncLifetime, IDisposable
{
    private readonly SqliteTempFile _file = new();
    private SqliteConversationStore _store = null!;

    public async Task InitializeAsync()
    {
        _store = new SqliteConversationStore(_file.ConnectionString, NullLogger<SqliteConversationStore>.Instance);
        await _store.InitializeAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _store.Dispose();
        _file.Dispose();
    }

    [Fact]
    public async Task Created_and_updated_values_are_stored_compact_and_escaped_as_the_api_writes_them()
    {
        var tenant = TestData.NewTenant();
        // As a client may send them: spaced, with escapes the API's encoder does not make, and with
        // characters it does escape (outside the Basic Multilingual Plane, quotes, control characters).
        var conversation = TestData.Conversation(tenant, "u") with
        {
            Inputs = TestData.Json("""{ "city" : "Z\u00fcrich", "n" : [1, 2.50, true, null] }"""),
            Metadata = TestData.Json("""{"rocket": "🚀", "q": "say \"hi\"\n"}"""),
            Settings = TestData.Json("""{"t":0.5}"""),
        };
        await _store.CreateConversationAsync(conversation, CancellationToken.None);

        Assert.Equal("""{"city":"Zürich","n":[1,2.50,true,null]}""", await ColumnAsync("inputs", conversation.Id));
        Assert.Equal("""{"rocket":"\uD83D\uDE80","q":"say \"hi\"\n"}""", await ColumnAsync("metadata", conversation.Id));
        Assert.Equal("""{"t":0.5}""", await ColumnAsync("settings", conversation.Id));

        var changes = new ConversationChanges(TestData.Epoch.AddSeconds(1)) { Metadata = new(TestData.Json("""{ "a" : "\u00e9" }""")), Settings = new(TestData.Json("""[ ]""")) };
        await _store.UpdateConversationAsync(UserScope.User(tenant, "u"), conversation.Id, changes, CancellationToken.None);

        Assert.Equal("""{"a":"é"}""", await ColumnAsync("metadata", conversation.Id));
        Assert.Equal("[]", await ColumnAsync("settings", conversation.Id));
    }

    [Fact]
    public async Task Values_stored_as_a_client_sent_them_read_as_the_same_values()
    {
        var tenant = TestData.NewTenant();
        var conversation = TestData.Conversation(tenant, "u") with { Inputs = TestData.Json("{}") };
        await _store.CreateConversationAsync(conversation, CancellationToken.None);
        const string AsSent = """{ "city": "Z\u00fcrich", "list": [ 1, "\ud83d\ude80" ] }""";
        await _file.ExecuteAsync("UPDATE conversations SET inputs = @v, metadata = @v, settings = @v WHERE id = @id", ("@v", AsSent), ("@id", conversation.Id));

        var scope = UserScope.User(tenant, "u");
        var page = await _store.ListConversationsAsync(new ConversationQuery(scope, new(ConversationSortField.CreatedAt, false), ConversationFilter.None, 5), CancellationToken.None);
        var found = await _store.FindConversationAsync(scope, conversation.Id, CancellationToken.None);

        var expected = TestData.Json(AsSent);
        foreach (var read in new[] { Assert.Single(page.Items), found! })
        {
            Assert.True(JsonElement.DeepEquals(expected, read.Inputs!.Value), read.Inputs?.GetRawText());
            Assert.True(JsonElement.DeepEquals(expected, read.Metadata!.Value), read.Metadata?.GetRawText());
            Assert.True(JsonElement.DeepEquals(expected, read.Settings!.Value), read.Settings?.GetRawText());
        }
    }

    private async Task<string?> ColumnAsync(string column, string id) =>
        (string?)await _file.ScalarAsync($"SELECT {column} FROM conversations WHERE id = @id", ("@id", id));
}
