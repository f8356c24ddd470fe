namespace Conversations.Api.Tests.Hosting;

/// <summary>The server on a fresh SQLite file, deleted with the host.</summary>
public sealed class SqliteApiHost : ApiHost
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"conversations-api-{Guid.NewGuid():N}.db");

    protected override IReadOnlyDictionary<string, string?> StoreSettings => new Dictionary<string, string?>
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:Sqlite:Path"] = _path,
    };

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
