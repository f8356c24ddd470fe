using System.Diagnostics;
using Conversations.Storage.Sqlite;
using Conversations.Telemetry;
using Conversations.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conversations.Storage.Tests.Sqlite;

/// <summary>
/// The store's side of availability: a file that cannot serve is <see cref="StoreUnavailableException"/>
/// (a 503 with Retry-After), never a 500; the check is one kept statement and does not queue for a lock.
/// </summary>
public sealed class SqliteAvailabilityTests : IDisposable
{
    private readonly SqliteTempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task A_migrated_file_is_available()
    {
        using var store = await MigratedStoreAsync();

        await store.CheckAvailableAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_missing_file_is_unavailable_and_is_not_created_by_a_request()
    {
        using var store = new SqliteConversationStore(_file.ConnectionString, NullLogger<SqliteConversationStore>.Instance);

        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CheckAvailableAsync(CancellationToken.None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.FindConversationAsync(UserScope.User("t", "u"), "id", CancellationToken.None));
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CreateConversationAsync(TestData.Conversation("t", "u"), CancellationToken.None));
        Assert.False(File.Exists(_file.Path));
    }

    [Fact]
    public async Task A_file_without_this_builds_schema_is_unavailable()
    {
        await _file.ExecuteAsync("CREATE TABLE unrelated (x)");
        using var store = new SqliteConversationStore(_file.ConnectionString, NullLogger<SqliteConversationStore>.Instance);

        var unavailable = await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CheckAvailableAsync(CancellationToken.None));
        Assert.NotNull(unavailable.RetryAfter);
    }

    [Fact]
    public async Task A_file_another_process_holds_exclusively_is_unavailable_and_the_check_does_not_wait_for_it()
    {
        // A request waits for a lock up to the connection string's Default Timeout; the check never does.
        using var store = await MigratedStoreAsync("Default Timeout=30");
        using var requests = new SqliteConversationStore(_file.ConnectionString + ";Default Timeout=1", NullLogger<SqliteConversationStore>.Instance);
        // Only a connection alone on a WAL file can take it exclusively: close the idle pooled ones first.
        SqliteConnection.ClearAllPools();
        await using var holder = new SqliteConnection(_file.ConnectionString + ";Pooling=False");
        await holder.OpenAsync();
        await using (var lockFile = holder.CreateCommand())
        {
            lockFile.CommandText = "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; CREATE TABLE held (x);";
            await lockFile.ExecuteNonQueryAsync();
        }

        var clock = Stopwatch.StartNew();
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.CheckAvailableAsync(CancellationToken.None));
        var checkTook = clock.Elapsed;
        var unavailable = await Assert.ThrowsAsync<StoreUnavailableException>(() => requests.ListConversationsAsync(
            new ConversationQuery(UserScope.User("t", "u"), new(ConversationSortField.UpdatedAt, true), ConversationFilter.None, 20), CancellationToken.None));

        Assert.True(checkTook < TimeSpan.FromSeconds(10), $"The check took {checkTook}.");
        Assert.Equal(TimeSpan.FromSeconds(1), unavailable.RetryAfter);
        Assert.IsType<SqliteException>(unavailable.InnerException);
    }

    [Fact]
    public async Task Every_store_call_adds_one_round_trip_to_the_current_activity()
    {
        using var store = await MigratedStoreAsync();
        using var source = new ActivitySource(nameof(SqliteAvailabilityTests));
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s == source,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        var conversation = TestData.Conversation(TestData.NewTenant(), "u");

        using var request = source.StartActivity("request")!;
        await store.CreateConversationAsync(conversation, CancellationToken.None);
        await store.FindConversationAsync(UserScope.User(conversation.TenantId, "u"), conversation.Id, CancellationToken.None);
        await store.ListConversationsAsync(new(UserScope.User(conversation.TenantId, "u"), new(ConversationSortField.Id, false), ConversationFilter.None, 5), CancellationToken.None);

        Assert.Equal(3, request.GetTagItem(StoreTelemetry.RoundTripsTag));
        Assert.Null(request.GetTagItem(StoreTelemetry.RequestChargeTag));
    }

    private async Task<SqliteConversationStore> MigratedStoreAsync(string? settings = null)
    {
        var store = new SqliteConversationStore(_file.ConnectionString + (settings is null ? "" : ";" + settings), NullLogger<SqliteConversationStore>.Instance);
        await store.InitializeAsync(CancellationToken.None);
        return store;
    }
}
