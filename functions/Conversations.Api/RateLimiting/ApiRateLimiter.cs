using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Conversations.Api.RateLimiting;

/// <summary>
/// The limits of one instance: a token bucket per API key and per tenant for authenticated requests,
/// and one per client address for failed authentication. Buckets live in memory and are dropped once
/// full again, so their number follows the clients active in the last moments, not all time.
/// </summary>
public sealed class ApiRateLimiter : IDisposable
{
    private readonly Buckets? _perKey;
    private readonly Buckets? _perTenant;
    private readonly Buckets? _failedAuth;
    private readonly TimeSpan _failedAuthRefill;
    private readonly TimeProvider _time;

    // When the last authentication failed, from any address; 0 while none has. Every bucket of the
    // failed-authentication limit is full again once a whole refill has passed since then, so until
    // another fails, requests skip looking up their address's bucket (and working out the address).
    private long _lastFailedAt;

    public ApiRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var limits = options.Value;
        _time = time;
        _perKey = Buckets.For(limits.PerKey, time);
        _perTenant = Buckets.For(limits.PerTenant, time);
        _failedAuth = Buckets.For(limits.FailedAuth, time);
        _failedAuthRefill = _failedAuth is null ? TimeSpan.Zero : TimeSpan.FromSeconds(limits.FailedAuth.Burst / limits.FailedAuth.RequestsPerSecond);
    }

    /// <summary>
    /// Takes a token from the key's and the tenant's buckets. Refused when either is empty; either way
    /// the state of the tighter bucket, for headers that tell the client where it stands.
    /// </summary>
    public RateLimitVerdict Admit(string keyPartition, string tenant)
    {
        RateLimitState? key = null, shared = null;
        if (_perKey is not null)
        {
            var taken = _perKey.Take(keyPartition);
            if (!taken.IsAdmitted)
            {
                return taken;
            }

            key = taken.State;
        }

        if (_perTenant is not null)
        {
            var taken = _perTenant.Take(tenant);
            if (!taken.IsAdmitted)
            {
                return taken;
            }

            shared = taken.State;
        }

        return RateLimitVerdict.Admitted(key is null || (shared is not null && shared.Value.Remaining < key.Value.Remaining) ? shared : key);
    }

    /// <summary>How long the request's client address must wait when it has used up its failed authentications; null when it may try.</summary>
    public TimeSpan? FailedAuthenticationWait(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var lastFailedAt = Volatile.Read(ref _lastFailedAt);
        if (_failedAuth is null || lastFailedAt == 0 || _time.GetElapsedTime(lastFailedAt) >= _failedAuthRefill)
        {
            return null;
        }

        return _failedAuth.Check(ClientAddress.Of(context)) is { IsAdmitted: false } refused ? refused.RetryAfter : null;
    }

    /// <summary>Counts a failed authentication against the request's client address.</summary>
    public void AuthenticationFailed(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (_failedAuth is not null)
        {
            // Marked before the token is taken, so a check that sees the taken token also sees the mark.
            Volatile.Write(ref _lastFailedAt, Math.Max(_time.GetTimestamp(), 1));
            _failedAuth.Take(ClientAddress.Of(context));
        }
    }

    public void Dispose()
    {
        _perKey?.Dispose();
        _perTenant?.Dispose();
        _failedAuth?.Dispose();
    }

    /// <summary>One bucket per partition, all with the same settings.</summary>
    private sealed class Buckets(TokenBucketSettings settings, TimeProvider time) : IDisposable
    {
        private readonly PartitionedRateLimiter<string> _limiter = PartitionedRateLimiter.Create<string, string>(
            partition => RateLimitPartition.Get(partition, _ => new TokenBucket(settings, time)), StringComparer.Ordinal);

        public static Buckets? For(TokenBucketSettings settings, TimeProvider time) => settings.IsOn ? new Buckets(settings, time) : null;

        /// <summary>Takes a token when one is there.</summary>
        public RateLimitVerdict Take(string partition) => Acquire(partition, 1);

        /// <summary>Takes nothing; admitted when a token is there.</summary>
        public RateLimitVerdict Check(string partition) => Acquire(partition, 0);

        public void Dispose() => _limiter.Dispose();

        /// <summary>
        /// One lookup of the partition's bucket: its lease carries the tokens left, so the state the
        /// headers report needs no second lookup (each goes through the partitioned limiter's lock).
        /// </summary>
        private RateLimitVerdict Acquire(string partition, int permits)
        {
            using var lease = _limiter.AttemptAcquire(partition, permits);
            var remaining = lease is TokenBucket.Lease ours ? ours.Remaining : _limiter.GetStatistics(partition)?.CurrentAvailablePermits ?? 0;
            var state = new RateLimitState(settings.Burst, remaining, TimeSpan.FromSeconds((settings.Burst - remaining) / settings.RequestsPerSecond));
            return lease.IsAcquired
                ? RateLimitVerdict.Admitted(state)
                : RateLimitVerdict.Refused(lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1), state);
        }
    }
}

/// <summary>Where a client stands in a bucket: its size, the tokens left, and when it is full again.</summary>
public readonly record struct RateLimitState(long Limit, long Remaining, TimeSpan Reset);

/// <summary>Whether a request may go on, how long to wait when not, and the state to report (null when no limit is on).</summary>
public readonly record struct RateLimitVerdict(bool IsAdmitted, TimeSpan RetryAfter, RateLimitState? State)
{
    public static RateLimitVerdict Admitted(RateLimitState? state) => new(true, TimeSpan.Zero, state);

    public static RateLimitVerdict Refused(TimeSpan retryAfter, RateLimitState state) => new(false, retryAfter, state);
}
