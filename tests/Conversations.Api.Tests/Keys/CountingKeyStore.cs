using Conversations.Keys;

namespace Conversations.Api.Tests.Keys;

/// <summary>A real store that counts its lookups and can hold them until released, to watch the cache's traffic.</summary>
public sealed class CountingKeyStore(IApiKeyStore inner) : IApiKeyStore
{
    private int _finds;
    private int _usesRecorded;

    public int Finds => Volatile.Read(ref _finds);

    /// <summary>Calls of <see cref="RecordUseAsync"/>, counted as they start.</summary>
    public int UsesRecorded => Volatile.Read(ref _usesRecorded);

    /// <summary>While set, lookups wait for it (after being counted).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public async Task<ApiKeyRecord?> FindAsync(string keySha256, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _finds);
        if (Gate is { } gate)
        {
            await gate.Task;
        }

        return await inner.FindAsync(keySha256, cancellationToken);
    }

    public Task AddAsync(ApiKeyRecord key, CancellationToken cancellationToken) => inner.AddAsync(key, cancellationToken);

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(string? tenant, CancellationToken cancellationToken) => inner.ListAsync(tenant, cancellationToken);

    public Task<ApiKeyRecord?> RevokeAsync(string id, DateTimeOffset at, CancellationToken cancellationToken) => inner.RevokeAsync(id, at, cancellationToken);

    public Task RecordUseAsync(string id, DateTimeOffset at, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _usesRecorded);
        return inner.RecordUseAsync(id, at, cancellationToken);
    }

    public Task ProbeAsync(CancellationToken cancellationToken) => inner.ProbeAsync(cancellationToken);
}
