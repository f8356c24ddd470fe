using System.Threading.RateLimiting;
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

    public ApiRateLimiter(IOptions<RateLimitOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var limits = options.Value;
        _perKey = Buckets.For(limits.PerKey, time);
        _perTenant = Buckets.For(limits.PerTenant, time);
        _failedAuth = Buckets.For(limits.FailedAuth, time);
    }

    /// <summary>
    /// Takes a token from the key's and the tenant's buckets. Refused when either is empty; either way
    /// the state of the tighter bucket, for headers that tell the client where it stands.
    /// </summary>
    public RateLimitVerdict Admit(string keyPartition, string tenant)
    {
        if (_perKey?.Take(keyPartition) is { } keyRefusal)
        {
            return RateLimitVerdict.Refused(keyRefusal, _perKey.StateOf(keyPartition));
        }

        if (_perTenant?.Take(tenant) is { } tenantRefusal)
        {
            return RateLimitVerdict.Refused(tenantRefusal, _perTenant.StateOf(tenant));
        }

        var key = _perKey?.StateOf(keyPartition);
        var shared = _perTenant?.StateOf(tenant);
        return RateLimitVerdict.Admitted(key is null || (shared is not null && shared.Value.Remaining < key.Value.Remaining) ? shared : key);
    }

    /// <summary>How long the address must wait when it has used up its failed authentications; null when it may try.</summary>
    public TimeSpan? FailedAuthenticationWait(string address) => _failedAuth?.Check(address);

    /// <summary>Counts a failed authentication against the address.</summary>
    public void AuthenticationFailed(string address) => _failedAuth?.Take(address);

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

        /// <summary>Takes a token; null when taken, else how long until one is there.</summary>
        public TimeSpan? Take(string partition) => Acquire(partition, 1);

        /// <summary>Takes nothing; null when a token is there, else how long until one is.</summary>
        public TimeSpan? Check(string partition) => Acquire(partition, 0);

        public RateLimitState StateOf(string partition)
        {
            var remaining = _limiter.GetStatistics(partition)?.CurrentAvailablePermits ?? settings.Burst;
            return new RateLimitState(settings.Burst, remaining, TimeSpan.FromSeconds((settings.Burst - remaining) / settings.RequestsPerSecond));
        }

        public void Dispose() => _limiter.Dispose();

        private TimeSpan? Acquire(string partition, int permits)
        {
            using var lease = _limiter.AttemptAcquire(partition, permits);
            return lease.IsAcquired ? null : lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
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
