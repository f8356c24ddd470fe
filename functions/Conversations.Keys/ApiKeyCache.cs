using System.Collections.Concurrent;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Internal;
using Microsoft.Extensions.Logging;

namespace Conversations.Keys;

/// <summary>
/// Registry lookups as request authentication needs them: a known key is cached for the time to live,
/// so a revocation reaches every instance within it; an unknown or revoked key is cached for at most
/// <see cref="LongestMissTime"/>, so a key made a moment after a failed try works soon. Both caches
/// hold at most <c>capacity</c> entries, so a flood of wrong keys cannot grow memory, and concurrent
/// requests with one key share one lookup. When the registry does not answer, a key whose cache time
/// ended less than the outage grace ago keeps working and any other key gets
/// <see cref="KeyRegistryUnavailableException"/> (a 503, never a 401); with no grace, revocation is
/// strict: no key outlives its cache time unconfirmed. An expired key is refused whatever is cached.
/// Each key served is recorded as used at most once per <see cref="UseInterval"/> on this instance,
/// in the background, so no request waits on (or pays for) a write.
/// </summary>
public sealed class ApiKeyCache : IDisposable
{
    public const int DefaultCapacity = 10_000;

    public static readonly TimeSpan LongestMissTime = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan DefaultOutageGrace = TimeSpan.FromMinutes(5);

    /// <summary>How often, at most, this instance records that a key was used.</summary>
    public static readonly TimeSpan UseInterval = TimeSpan.FromHours(1);

    /// <summary>A request waits no longer than this for the registry (the SDK's retries included).</summary>
    private static readonly TimeSpan LookupTimeout = TimeSpan.FromSeconds(5);

    private readonly IApiKeyStore _store;
    private readonly TimeSpan _timeToLive;
    private readonly TimeSpan _missTime;
    private readonly TimeSpan _outageGrace;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MemoryCache _known;
    private readonly MemoryCache _unknown;
    private readonly ConcurrentDictionary<string, Lazy<Task<ApiKeyRecord?>>> _lookups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _usesRecorded = new(StringComparer.Ordinal);

    public ApiKeyCache(IApiKeyStore store, TimeSpan timeToLive, TimeProvider time, ILogger<ApiKeyCache> logger, int capacity = DefaultCapacity)
        : this(store, timeToLive, DefaultOutageGrace, time, logger, capacity)
    {
    }

    /// <param name="outageGrace">How long past its cache time a key stays usable while the registry does not answer; zero for strict revocation.</param>
    public ApiKeyCache(IApiKeyStore store, TimeSpan timeToLive, TimeSpan outageGrace, TimeProvider time, ILogger<ApiKeyCache> logger, int capacity = DefaultCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeToLive, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(outageGrace, TimeSpan.Zero);
        _store = store;
        _timeToLive = timeToLive;
        _outageGrace = outageGrace;
        _missTime = timeToLive < LongestMissTime ? timeToLive : LongestMissTime;
        _time = time;
        _logger = logger;
        // MemoryCache reads time through its own clock interface; this one follows the injected TimeProvider.
        var options = new MemoryCacheOptions { SizeLimit = capacity, Clock = new Clock(time) };
        _known = new MemoryCache(options);
        _unknown = new MemoryCache(new MemoryCacheOptions { SizeLimit = capacity, Clock = options.Clock });
    }

    /// <summary>The active (issued, not revoked, not expired) key with this hash, or null.</summary>
    /// <exception cref="KeyRegistryUnavailableException">The registry did not answer and the key is not cached (or no longer within the outage grace).</exception>
    public async ValueTask<ApiKeyRecord?> FindActiveAsync(string keySha256, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var known = _known.Get<Known>(keySha256);
        if (known is not null && known.FreshUntil > now)
        {
            return Served(known.Key, now);
        }

        if (_unknown.TryGetValue(keySha256, out _))
        {
            return null;
        }

        ApiKeyRecord? key;
        try
        {
            key = await SharedLookupAsync(keySha256, cancellationToken);
        }
        catch (KeyRegistryUnavailableException) when (known is not null && known.FreshUntil + _outageGrace > now)
        {
            key = known.Key;
        }

        return key is null ? null : Served(key, _time.GetUtcNow());
    }

    public void Dispose()
    {
        _known.Dispose();
        _unknown.Dispose();
    }

    private async Task<ApiKeyRecord?> SharedLookupAsync(string keySha256, CancellationToken cancellationToken)
    {
        var mine = new Lazy<Task<ApiKeyRecord?>>(() => LookUpAsync(keySha256));
        var shared = _lookups.GetOrAdd(keySha256, mine);
        try
        {
            return await shared.Value.WaitAsync(cancellationToken);
        }
        finally
        {
            if (ReferenceEquals(shared, mine))
            {
                _lookups.TryRemove(KeyValuePair.Create(keySha256, mine));
            }
        }
    }

    private async Task<ApiKeyRecord?> LookUpAsync(string keySha256)
    {
        ApiKeyRecord? key;
        try
        {
            // Not the request's token: other requests may be waiting on this lookup.
            using var timeout = new CancellationTokenSource(LookupTimeout);
            key = await _store.FindAsync(keySha256, timeout.Token);
        }
        catch (Exception e) when (e is KeyRegistryUnavailableException or OperationCanceledException)
        {
            KeysLog.LookupFailed(_logger, e);
            throw e as KeyRegistryUnavailableException ?? new KeyRegistryUnavailableException("The key registry did not answer in time.", e);
        }

        var now = _time.GetUtcNow();
        if (key is { IsRevoked: false })
        {
            _known.Set(keySha256, new Known(key, now + _timeToLive), new MemoryCacheEntryOptions { AbsoluteExpiration = now + _timeToLive + _outageGrace, Size = 1 });
            return key;
        }

        _known.Remove(keySha256);
        _unknown.Set(keySha256, true, new MemoryCacheEntryOptions { AbsoluteExpiration = now + _missTime, Size = 1 });
        return null;
    }

    /// <summary>The key if it has not expired by <paramref name="now"/>, noting its use when one is due.</summary>
    private ApiKeyRecord? Served(ApiKeyRecord key, DateTimeOffset now)
    {
        if (key.IsExpiredAt(now))
        {
            return null;
        }

        var due = true;
        _usesRecorded.AddOrUpdate(
            key.Id,
            now,
            (_, last) => (due = now - last >= UseInterval) ? now : last);
        if (due)
        {
            _ = RecordUseAsync(key.Id, now);
        }

        return key;
    }

    private async Task RecordUseAsync(string id, DateTimeOffset at)
    {
        try
        {
            using var timeout = new CancellationTokenSource(LookupTimeout);
            await _store.RecordUseAsync(id, at, timeout.Token);
        }
        catch (Exception e) when (e is KeyRegistryUnavailableException or OperationCanceledException)
        {
            // Only the "last used" column suffers; the next hour tries again.
            KeysLog.UseNotRecorded(_logger, e, id);
        }
    }

    private sealed record Known(ApiKeyRecord Key, DateTimeOffset FreshUntil);

    private sealed class Clock(TimeProvider time) : ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}
