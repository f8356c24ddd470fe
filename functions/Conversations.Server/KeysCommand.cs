using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Conversations.Api.Auth;
using Conversations.Keys;
using Microsoft.Extensions.Options;

namespace Conversations.Server;

/// <summary>
/// <c>keys create | list | revoke</c>: manages the API keys in the registry the server uses, found from
/// the same configuration (appsettings, environment variables), so a key created here works on a
/// server started with the same settings. Only <c>create</c> prints a key, once; nothing prints a hash.
/// Exit code 0 on success, 1 with a message on standard error otherwise.
/// </summary>
internal static class KeysCommand
{
    public static Command Create(IEnumerable<KeyValuePair<string, string?>>? settings, TextWriter output, TextWriter error)
    {
        var tenant = new Option<string>("--tenant") { Description = "The tenant (Dify app, Foundry project, Mielto workspace) the key proves.", Required = true };
        var name = new Option<string>("--name") { Description = "A label to recognise the key by in lists." };
        var json = new Option<bool>("--json") { Description = "Print JSON instead of text." };
        var id = new Argument<string>("id") { Description = "The id of the key, as `keys list` shows it." };

        var create = new Command("create", "Issue a key and print it, once.") { tenant, name, json };
        create.SetAction((result, ct) => WithRegistryAsync(settings, error, async registry =>
        {
            var issued = await registry.CreateAsync(result.GetValue(tenant)!, result.GetValue(name), ct);
            await output.WriteLineAsync(result.GetValue(json)
                ? JsonSerializer.Serialize(CreatedKeyJson.From(issued), KeysJsonContext.Default.CreatedKeyJson)
                : $"Created key {issued.Record.Id} for tenant '{issued.Record.Tenant}'. It is shown only now; the registry keeps only its hash:\n\n{issued.Key}\n");
            return 0;
        }));

        var listTenant = new Option<string>("--tenant") { Description = "Only this tenant's keys." };
        var list = new Command("list", "List keys (never the keys themselves), oldest first.") { listTenant, json };
        list.SetAction((result, ct) => WithRegistryAsync(settings, error, async registry =>
        {
            var keys = await registry.ListAsync(result.GetValue(listTenant), ct);
            await output.WriteLineAsync(result.GetValue(json)
                ? JsonSerializer.Serialize(keys.Select(ListedKeyJson.From).ToList(), KeysJsonContext.Default.ListListedKeyJson)
                : Table(keys));
            return 0;
        }));

        var revoke = new Command("revoke", "Revoke a key: it stops working within Auth__KeyCacheSeconds on every instance.") { id };
        revoke.SetAction((result, ct) => WithRegistryAsync(settings, error, async registry =>
        {
            var keyId = result.GetValue(id)!;
            if (await registry.RevokeAsync(keyId, ct) is not { } revoked)
            {
                await error.WriteLineAsync($"error: no key has the id '{keyId}'.");
                return 1;
            }

            await output.WriteLineAsync($"Key {revoked.Id} of tenant '{revoked.Tenant}' is revoked (since {Time(revoked.RevokedAt!.Value)}).");
            return 0;
        }));

        return new Command("keys", "Issue, list and revoke API keys.") { create, list, revoke };
    }

    private static async Task<int> WithRegistryAsync(
        IEnumerable<KeyValuePair<string, string?>>? settings, TextWriter error, Func<ApiKeyRegistry, Task<int>> work)
    {
        var configuration = ServerCommands.Configuration(settings);
        var services = ServerCommands.Services().AddApiKeyRegistry(configuration);
        await using var provider = services.BuildServiceProvider();
        ApiKeyRegistry registry;
        try
        {
            registry = provider.GetRequiredService<ApiKeyRegistry>();
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            await error.WriteLineAsync($"error: bad settings: {e.Message}");
            return 1;
        }

        try
        {
            return await work(registry);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
        catch (KeyRegistryUnavailableException e)
        {
            var cause = e.InnerException?.Message.Split('\n')[0].Trim();
            await error.WriteLineAsync($"error: {e.Message}{(cause is null ? "" : $" ({cause})")}");
            return 1;
        }
    }

    private static string Table(IReadOnlyList<ApiKeyRecord> keys)
    {
        if (keys.Count == 0)
        {
            return "No keys.";
        }

        var rows = keys.Select(k => (k.Id, k.Tenant, k.Name, Created: Time(k.CreatedAt), Status: k.RevokedAt is { } at ? $"revoked {Time(at)}" : "active")).ToList();
        var tenantWidth = Math.Max("TENANT".Length, rows.Max(r => r.Tenant.Length));
        var nameWidth = Math.Max("NAME".Length, rows.Max(r => r.Name.Length));
        var lines = rows.Select(r => $"{r.Id,-36}  {r.Tenant.PadRight(tenantWidth)}  {r.Name.PadRight(nameWidth)}  {r.Created,-24}  {r.Status}");
        return string.Join('\n', lines.Prepend($"{"ID",-36}  {"TENANT".PadRight(tenantWidth)}  {"NAME".PadRight(nameWidth)}  {"CREATED",-24}  STATUS"));
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
