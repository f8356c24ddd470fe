using System.CommandLine;
using Conversations.Api.Composition;
using Conversations.Storage;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Conversations.Server;

/// <summary>
/// <c>data erase --tenant T [--user U] [--yes]</c>: removes every conversation and variable of one end
/// user (or, without <c>--user</c>, of the whole tenant) from the store the server is configured with,
/// SQLite or Cosmos DB: the answer to an end user's deletion request (docs/tenancy.md). It asks for
/// confirmation unless given <c>--yes</c>, prints its progress on standard error and a summary on
/// standard output, and can be run again: an interrupted erasure is finished, a complete one removes nothing.
/// </summary>
internal static class EraseCommand
{
    public static Command Create(IEnumerable<KeyValuePair<string, string?>>? settings, TextReader input, TextWriter output, TextWriter error)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant (Dify app, Foundry project, Mielto workspace) whose data to erase.", Required = true };
        var user = new Option<string>("--user") { Description = "The end user whose data to erase; without it, every end user of the tenant." };
        var yes = new Option<bool>("--yes") { Description = "Do not ask for confirmation." };
        var erase = new Command("erase", "Erase every conversation and variable of an end user (or of a whole tenant).") { tenant, user, yes };
        erase.SetAction(async (result, ct) =>
        {
            var tenantId = result.GetValue(tenant)!;
            var userId = result.GetValue(user);
            if (tenantId.Length == 0 || userId is { Length: 0 })
            {
                await error.WriteLineAsync("error: --tenant and --user must not be empty (leave --user out to erase the whole tenant).");
                return 1;
            }

            var scope = userId is null ? UserScope.WholeTenant(tenantId) : UserScope.User(tenantId, userId);
            var whose = userId is null ? $"EVERY end user of tenant '{tenantId}'" : $"end user '{userId}' of tenant '{tenantId}'";
            if (!result.GetValue(yes))
            {
                await error.WriteAsync($"This permanently erases every conversation and variable of {whose}. Type 'yes' to go on: ");
                if (!string.Equals((await input.ReadLineAsync(ct))?.Trim(), "yes", StringComparison.Ordinal))
                {
                    await error.WriteLineAsync("Nothing was erased.");
                    return 1;
                }
            }

            var configuration = ServerCommands.Configuration(settings);
            var storage = configuration.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
            if (storage.Provider == StorageProvider.Sqlite && !File.Exists(Path.GetFullPath(storage.Sqlite.Path)))
            {
                await error.WriteLineAsync($"error: there is no SQLite store at {Path.GetFullPath(storage.Sqlite.Path)} (Storage__Sqlite__Path).");
                return 1;
            }

            var services = ServerCommands.Services().AddSingleton(configuration);
            services.AddConversationsApi(configuration, new HostingEnvironment { EnvironmentName = Environments.Production });
            await using var provider = services.BuildServiceProvider();
            try
            {
                var store = provider.GetRequiredService<IConversationStore>();
                var erased = await store.EraseAsync(scope, new Progress(counts => error.WriteLine($"erasing: {Counts(counts)} removed so far")), ct);
                await output.WriteLineAsync($"Erased {Counts(erased)} of {whose}.");
                return 0;
            }
            catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
            {
                await error.WriteLineAsync($"error: bad settings: {e.Message}");
                return 1;
            }
            catch (StoreUnavailableException e)
            {
                // What was erased stays erased; running the command again finishes the job.
                await error.WriteLineAsync($"error: {e.Message} Run the command again to finish the erasure.");
                return 1;
            }
        });
        return erase;
    }

    private static string Counts(ErasureCounts counts) => $"{counts.Conversations} conversation(s), {counts.Variables} variable(s) and {counts.Items} item(s)";

    /// <summary>Reports on the caller's thread, in order (<see cref="Progress{T}"/> would post them to the thread pool).</summary>
    private sealed class Progress(Action<ErasureCounts> report) : IProgress<ErasureCounts>
    {
        public void Report(ErasureCounts value) => report(value);
    }
}
