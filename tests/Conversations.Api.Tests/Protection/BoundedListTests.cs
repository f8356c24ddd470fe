using System.Net;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;
using Conversations.Model;
using Conversations.Storage.Sqlite;
using Conversations.Testing;

namespace Conversations.Api.Tests.Protection;

/// <summary>
/// A filtered list over a tenant of 200,000 conversations (bulk-imported into the server's SQLite
/// file) does bounded work per request: a filter that matches nothing answers at once, a short or
/// empty page with has_more, and Mielto's cursor resumes the scan where it stopped, so walking the
/// cursor finds the one match deep in the list and ends. The cap is 10,000 rows examined per page.
/// </summary>
public sealed class BoundedListTests(SqliteApiHost host) : IClassFixture<SqliteApiHost>, IAsyncLifetime
{
    private const int Conversations = 200_000;
    private const int MaxRowsExamined = 10_000;

    // The needle's place from the newest: deep enough that only a walk of many pages reaches it.
    private const int NeedleDepth = 150_000;

    private TestTenant _tenant = null!;
    private string _needle = "";

    public async Task InitializeAsync()
    {
        _tenant = host.NewTenant();
        using var client = _tenant.Client();
        // The first request starts the server, which creates and migrates the file.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/conversations")).StatusCode);
        var rows = Enumerable.Range(0, Conversations).Select(i =>
        {
            var conversation = TestData.Conversation(_tenant.Id, $"u{i % 100}", TestData.Epoch.AddSeconds(i), $"conversation {i}");
            return Conversations - 1 - i == NeedleDepth ? conversation with { Name = "the needle", Status = "archived" } : conversation;
        }).ToList();
        _needle = rows[Conversations - 1 - NeedleDepth].Id;
        await SqliteBulkImport.ImportConversationsAsync($"Data Source={host.Store.Settings["Storage:Sqlite:Path"]}", rows, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData("search=needle")]
    [InlineData("status=archived")]
    [InlineData("collection_id=nowhere")]
    public async Task A_Mielto_filter_answers_pages_that_each_examine_at_most_the_cap_and_its_cursor_resumes_the_scan(string filter)
    {
        using var client = _tenant.Client();
        var found = new List<string>();
        var pages = 0;
        string? cursor = null;
        bool hasMore;
        do
        {
            var response = await client.GetAsync($"/api/v1/conversations?{filter}&limit=10" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var root = page.RootElement;
            found.AddRange(root.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()!));
            hasMore = root.GetProperty("has_more").GetBoolean();
            cursor = root.GetProperty("next_cursor").GetString();
            Assert.Equal(hasMore, cursor is not null);
            pages++;
        }
        while (hasMore && pages <= Conversations / MaxRowsExamined + 1);

        Assert.False(hasMore);
        // Each page stopped after the cap: the whole tenant took the number of caps it holds.
        Assert.Equal(Conversations / MaxRowsExamined, pages);
        string[] expected = filter == "collection_id=nowhere" ? [] : [_needle];
        Assert.Equal(expected, found);
    }

    [Fact]
    public async Task An_OpenAI_agent_filter_that_matches_nothing_answers_an_empty_page_saying_more_may_follow()
    {
        using var client = _tenant.Client();

        var response = await client.GetAsync("/openai/v1/conversations?agent_name=nobody");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(page.RootElement.GetProperty("data").EnumerateArray());
        Assert.True(page.RootElement.GetProperty("has_more").GetBoolean());
    }
}
