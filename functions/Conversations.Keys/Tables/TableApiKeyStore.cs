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
/// read entities can serve lookups; the first write creates it.
/// </summary>
public sealed class TableApiKeyStore(TableClient table, ILogger<TableApiKeyStore> logger) : IApiKeyStore
{
    public const string RowKey = "key";

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
        };
        return RunAsync(async () =>
        {
            try
            {
                return await table.AddEntityAsync(entity, cancellationToken);
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                await table.CreateIfNotExistsAsync(cancellationToken);
                return await table.AddEntityAsync(entity, cancellationToken);
            }
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenant, CancellationToken cancellationToken) =>
        RunAsync(() => QueryAsync(tenant is null ? null : TableClient.CreateQueryFilter($"Tenant eq {tenant}"), cancellationToken), cancellationToken);

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
            ?? (revokedValue is not null && Time(revokedValue) is null ? "RevokedAt is not a time" : null);
        if (problem is not null)
        {
            KeysLog.MalformedRow(logger, "Azure Table storage", id ?? "(none)", problem);
            return null;
        }

        return new ApiKeyRecord(id!, tenant!, Value(entity, "Name") as string ?? "", entity.PartitionKey, created!.Value, Time(revokedValue));
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
