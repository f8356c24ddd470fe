using Azure;
using Azure.Data.Tables;
using Azure.Identity;
using Microsoft.Extensions.Logging;

namespace Conversations.Keys.Tables;

/// <summary>
/// Keys in one Azure table. A row's PartitionKey is the key's SHA-256 and its RowKey is the constant
/// <see cref="RowKey"/>: a request knows only the hash, and PartitionKey + RowKey is the only lookup
/// Table storage serves as a point read (any other filter scans the table). One key per partition
/// also spreads lookups evenly. Lists and revocations (by id) scan, which suits an admin command over
/// a table of at most thousands of rows. Reads never create the table, so an identity that may only
/// read entities can serve lookups; the first write creates it. When keys were last used is kept in a
/// second table (<paramref name="usage"/>, PartitionKey = the key's id), the only one the app writes,
/// so the app's identity needs no write access to the keys themselves.
/// </summary>
public sealed class TableApiKeyStore(TableClient table, TableClient usage, ILogger<TableApiKeyStore> logger) : IApiKeyStore
{
    public const string RowKey = "key";

    /// <summary>The RowKey of a usage row.</summary>
    public const string UsageRowKey = "use";

    /// <summary>The PartitionKey <see cref="ProbeAsync"/> reads: not a hash, so no row ever has it.</summary>
    private const string ProbePartition = "health-probe";

    public Task<ApiKeyRecord?> FindAsync(string keySha256, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        var found = await table.GetEntityIfExistsAsync<TableEntity>(keySha256, RowKey, cancellationToken: cancellationToken);
        return found.HasValue ? Read(found.Value!) : null;
    }, cancellationToken);

    public Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entity = new TableEntity(key.KeySha256, RowKey)
        {
            ["Id"] = key.Id,
            ["Tenant"] = key.Tenant,
            ["Name"] = key.Name,
            ["CreatedAt"] = key.CreatedAt,
            ["RevokedAt"] = key.RevokedAt,
            ["ReadOnly"] = key.Restrictions.HasFlag(ApiKeyRestrictions.ReadOnly),
            ["RequireUser"] = key.Restrictions.HasFlag(ApiKeyRestrictions.RequireUser),
            ["ExpiresAt"] = key.ExpiresAt,
        };
        return RunAsync(() => CreatingTableAsync(table, () => table.AddEntityAsync(entity, cancellationToken), cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenant, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        var keys = await QueryAsync(tenant is null ? null : TableClient.CreateQueryFilter($"Tenant eq {tenant}"), cancellationToken);
        var used = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        try
        {
            await foreach (var row in usage.QueryAsync<TableEntity>(select: ["PartitionKey", "LastUsedAt"], cancellationToken: cancellationToken))
            {
                if (Time(Value(row, "LastUsedAt")) is { } at)
                {
                    used[row.PartitionKey] = at;
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No usage table yet: no key has been used.
        }

        return (IReadOnlyList<ApiKeyRecord>)[.. keys.Select(k => used.TryGetValue(k.Id, out var at) ? k with { LastUsedAt = at } : k)];
    }, cancellationToken);

    public Task RecordUseAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // A merge (no read first): instances write their own hourly times, and the latest one is what matters.
        var row = new TableEntity(id, UsageRowKey) { ["LastUsedAt"] = at };
        return RunAsync(() => CreatingTableAsync(usage, () => usage.UpsertEntityAsync(row, TableUpdateMode.Merge, cancellationToken), cancellationToken), cancellationToken);
    }

    public Task<ApiKeyRecord?> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) => RunAsync(async () =>
    {
        var matches = await QueryAsync(TableClient.CreateQueryFilter($"Id eq {id}"), cancellationToken);
        var key = matches.Count > 0 ? matches[0] : null;
        if (key is null || key.IsRevoked)
        {
            return key;
        }

        var revoked = new TableEntity(key.KeySha256, RowKey) { ["RevokedAt"] = at };
        await table.UpdateEntityAsync(revoked, ETag.All, TableUpdateMode.Merge, cancellationToken);
        return key with { RevokedAt = at };
    }, cancellationToken);

    public Task ProbeAsync(CancellationToken cancellationToken) =>
        RunAsync(() => table.GetEntityIfExistsAsync<TableEntity>(ProbePartition, RowKey, cancellationToken: cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<ApiKeyRecord>> QueryAsync(string? filter, CancellationToken cancellationToken)
    {
        var keys = new List<ApiKeyRecord>();
        try
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                if (Read(entity) is { } key)
                {
                    keys.Add(key);
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // No table yet: no key has been issued.
        }

        return keys;
    }

    private ApiKeyRecord? Read(TableEntity entity)
    {
        var id = Value(entity, "Id") as string;
        var tenant = Value(entity, "Tenant") as string;
        var created = Time(Value(entity, "CreatedAt"));
        var revokedValue = Value(entity, "RevokedAt");
        var problem = ApiKeyRows.Problem(id, tenant, entity.PartitionKey, created)
            ?? (entity.RowKey != RowKey ? "an unexpected RowKey" : null)
            ?? (revokedValue is not null && Time(revokedValue) is null ? "RevokedAt is not a time" : null)
            ?? (Value(entity, "ExpiresAt") is { } expires && Time(expires) is null ? "ExpiresAt is not a time" : null)
            ?? (Value(entity, "ReadOnly") is not (null or bool) || Value(entity, "RequireUser") is not (null or bool) ? "ReadOnly or RequireUser is not a boolean" : null);
        if (problem is not null)
        {
            KeysLog.MalformedRow(logger, "Azure Table storage", id ?? "(none)", problem);
            return null;
        }

        return new ApiKeyRecord(id!, tenant!, Value(entity, "Name") as string ?? "", entity.PartitionKey, created!.Value, Time(revokedValue))
        {
            Restrictions = ApiKeyRows.Restrictions(Value(entity, "ReadOnly") is true, Value(entity, "RequireUser") is true),
            ExpiresAt = Time(Value(entity, "ExpiresAt")),
        };
    }

    /// <summary>A write that creates its table when the table is missing (on the first write only).</summary>
    private static async Task<Response> CreatingTableAsync(TableClient target, Func<Task<Response>> write, CancellationToken cancellationToken)
    {
        try
        {
            return await write();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            await target.CreateIfNotExistsAsync(cancellationToken);
            return await write();
        }
    }

    private static object? Value(TableEntity entity, string name) => entity.TryGetValue(name, out var value) ? value : null;

    private static DateTimeOffset? Time(object? value) => value switch
    {
        DateTimeOffset time => time,
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        _ => null,
    };

    private static async Task<T> RunAsync<T>(Func<Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (e is RequestFailedException or AggregateException or AuthenticationFailedException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // AggregateException: the SDK's retries ran out, each attempt failing without a response.
            throw new KeyRegistryUnavailableException("Azure Table storage did not answer the key registry's request.", e);
        }
    }
}
