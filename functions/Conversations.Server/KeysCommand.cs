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
        var readOnly = new Option<bool>("--read-only") { Description = "The key may only read: every write answers 403." };
        var requireUser = new Option<bool>("--require-user") { Description = "Every request must name an end user: tenant-wide or user-less requests answer 403." };
        var expiresIn = new Option<string>("--expires-in") { Description = "The key stops working after this long: 30d, 12h, 45m or 90s. Default: never." };
        var id = new Argument<string>("id") { Description = "The id of the key, as `keys list` shows it." };

        var create = new Command("create", "Issue a key and print it, once.") { tenant, name, readOnly, requireUser, expiresIn, json };
        create.SetAction((result, ct) => WithRegistryAsync(settings, error, async registry =>
        {
            TimeSpan? lifetime = result.GetValue(expiresIn) is { } text ? Duration(text) : null;
            var restrictions = (result.GetValue(readOnly) ? ApiKeyRestrictions.ReadOnly : ApiKeyRestrictions.None)
                | (result.GetValue(requireUser) ? ApiKeyRestrictions.RequireUser : ApiKeyRestrictions.None);
            var issued = await registry.CreateAsync(result.GetValue(tenant)!, result.GetValue(name), restrictions, lifetime, ct);
            await output.WriteLineAsync(result.GetValue(json)
                ? JsonSerializer.Serialize(CreatedKeyJson.From(issued), KeysJsonContext.Default.CreatedKeyJson)
                : $"Created key {issued.Record.Id} for tenant '{issued.Record.Tenant}' ({Permissions(issued.Record)}, expires {Expiry(issued.Record)}). It is shown only now; the registry keeps only its hash:\n\n{issued.Key}\n");
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

        var revoke = new Command("revoke", "Revoke a key: it stops working within Auth__KeyCacheSeconds on every instance (docs/tenancy.md: during a registry outage).") { id };
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

        var now = DateTimeOffset.UtcNow;
        string[] header = ["ID", "TENANT", "NAME", "PERMISSIONS", "CREATED", "EXPIRES", "LAST USED", "STATUS"];
        var rows = keys.Select(k => new[]
        {
            k.Id, k.Tenant, k.Name, Permissions(k), Time(k.CreatedAt), Expiry(k), k.LastUsedAt is { } used ? Time(used) : "never",
            k.RevokedAt is { } at ? $"revoked {Time(at)}" : k.IsExpiredAt(now) ? "expired" : "active",
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Max(r => r[i].Length))).ToArray();
        return string.Join('\n', rows.Prepend(header).Select(r => string.Join("  ", r.Select((cell, i) => i == r.Length - 1 ? cell : cell.PadRight(widths[i])))));
    }

    /// <summary>What the key may do, as the list shows it.</summary>
    internal static string Permissions(ApiKeyRecord key) => key.Restrictions switch
    {
        ApiKeyRestrictions.None => "full",
        ApiKeyRestrictions.ReadOnly => "read-only",
        ApiKeyRestrictions.RequireUser => "require-user",
        _ => "read-only, require-user",
    };

    private static string Expiry(ApiKeyRecord key) => key.ExpiresAt is { } at ? Time(at) : "never";

    /// <summary><c>30d</c>, <c>12h</c>, <c>45m</c> or <c>90s</c>: a positive whole number and a unit.</summary>
    /// <exception cref="ArgumentException">Any other text.</exception>
    internal static TimeSpan Duration(string text)
    {
        var unit = text.Length > 1 ? text[^1] : '\0';
        if (!long.TryParse(text.AsSpan(0, Math.Max(0, text.Length - 1)), NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            || count <= 0 || count > 36_500 * 86_400L || unit is not ('d' or 'h' or 'm' or 's'))
        {
            throw new ArgumentException($"--expires-in must be a positive whole number of days, hours, minutes or seconds: 30d, 12h, 45m or 90s (not '{text}').");
        }

        return unit switch
        {
            'd' => TimeSpan.FromDays(Math.Min(count, 36_500)),
            'h' => TimeSpan.FromHours(Math.Min(count, 36_500 * 24)),
            'm' => TimeSpan.FromMinutes(Math.Min(count, 36_500 * 1440)),
            _ => TimeSpan.FromSeconds(count),
        };
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
