using System.CommandLine;
using Conversations.Api.Composition;
using Conversations.Storage.Sqlite;

namespace Conversations.Server;

/// <summary>
/// <c>data erase</c> (<see cref="EraseCommand"/>) and <c>data repair</c>: <c>repair</c> rewrites stored text that cannot be written back as UTF-8 (an unpaired
/// surrogate stored before the API refused it) with U+FFFD in its place. Lists already show such rows
/// repaired as they read them; this makes the repair permanent. Cosmos DB refuses such text when it is
/// written, so only the SQLite store can hold it.
/// </summary>
internal static class DataCommand
{
    public static Command Create(IEnumerable<KeyValuePair<string, string?>>? settings, TextReader input, TextWriter output, TextWriter error)
    {
        var repair = new Command("repair", "Rewrite stored text that is not valid Unicode (SQLite store).");
        repair.SetAction(async (_, ct) =>
        {
            var configuration = ServerCommands.Configuration(settings);
            var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
            if (storage.Provider != StorageProvider.Sqlite)
            {
                await output.WriteLineAsync("Nothing to repair: Cosmos DB refuses such text when it is written.");
                return 0;
            }

            var path = Path.GetFullPath(storage.Sqlite.Path);
            if (!File.Exists(path))
            {
                await error.WriteLineAsync($"error: there is no SQLite store at {path} (Storage__Sqlite__Path).");
                return 1;
            }

            await using var services = ServerCommands.Services().BuildServiceProvider();
            var repaired = await SqliteRepair.RepairAsync($"Data Source={path}", services.GetRequiredService<ILogger<SqliteConversationStore>>(), ct);
            await output.WriteLineAsync($"Repaired {repaired} row(s) in {path}.");
            return 0;
        });
        return new Command("data", "Maintain the stored data.") { EraseCommand.Create(settings, input, output, error), repair };
    }
}
