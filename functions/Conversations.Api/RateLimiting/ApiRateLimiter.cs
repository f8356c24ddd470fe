using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Conversations.Api.RateLimiting;

/// <summary>
/// The limits of one instance: a token bucket per API key and per tenant for authenticated requests,
/// and one per client address for failed authentication. Buckets live in memory and are dropped once
/// full again, so their number follows the clients active in the last moments, not all time.
/// </summary>
/// <remarks>
/// The limits follow the configuration while the process runs (the server's <c>appsettings.json</c> is
/// reloaded when it changes), so an operator can tighten them during an incident without a restart;
/// new limits start with full buckets. A change that fails validation is logged and the limits in force
/// stay. The change is read through <see cref="IOptionsFactory{TOptions}"/> rather than
/// <c>IOptionsMonitor</c>, whose own change callback throws when the new options are invalid.
/// </remarks>
public sealed partial class ApiRateLimiter : IDisposable
{
    /// <summary>How long replaced limits are kept before they are disposed: a request may still be using them.</summary>
    private static readonly TimeSpan ReplacedLimitsGrace = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<IDisposable> _subscriptions = [];
    private Limits _limits;

    // When the last authentication failed, from any address; 0 while none has. Every bucket of the
    // failed-authentication limit is full again once a whole refill has passed since then, so until
    // another fails, requests skip looking up their address's bucket (and working out the address).
    private long _lastFailedAt;

    /// <summary>Limits fixed for the limiter's life.</summary>
    public ApiRateLimiter(RateLimitOptions options, TimeProvider time)
        : this(Options.Create(options), time, [], null, NullLogger<ApiRateLimiter>.Instance)
    {
    }

    /// <summary>The limits in <paramref name="options"/>, then each valid change <paramref name="changes"/> signal, as <paramref name="factory"/> reads it.</summary>
    public ApiRateLimiter(
        IOptions<RateLimitOptions> options,
        TimeProvider time,
        IEnumerable<IOptionsChangeTokenSource<RateLimitOptions>> changes,
        IOptionsFactory<RateLimitOptions>? factory,
        ILogger<ApiRateLimiter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(logger);
        _time = time;
        _logger = logger;
        _limits = new Limits(options.Value, time);
        if (factory is not null)
        {
            foreach (var source in changes.Where(c => c.Name == Options.DefaultName))
            {
                _subscriptions.Add(ChangeToken.OnChange(source.GetChangeToken, () => Reload(factory)));
            }
        }
    }

    /// <summary>
    /// Takes a token from the key's and the tenant's buckets. Refused when either is empty; either way
    /// the state of the tighter bucket, for headers that tell the client where it stands.
    /// </summary>
    public RateLimitVerdict Admit(string keyPartition, string tenant)
    {
        var limits = Volatile.Read(ref _limits);
        RateLimitState? key = null, shared = null;
        if (limits.PerKey is not null)
        {
            var taken = limits.PerKey.Take(keyPartition);
            if (!taken.IsAdmitted)
            {
                return taken;
            }

            key = taken.State;
        }

        if (limits.PerTenant is not null)
        {
            var taken = limits.PerTenant.Take(tenant);
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
        var limits = Volatile.Read(ref _limits);
        var lastFailedAt = Volatile.Read(ref _lastFailedAt);
        if (limits.FailedAuth is null || lastFailedAt == 0 || _time.GetElapsedTime(lastFailedAt) >= limits.FailedAuthRefill)
        {
            return null;
        }

        return limits.FailedAuth.Check(ClientAddress.Of(context)) is { IsAdmitted: false } refused ? refused.RetryAfter : null;
    }

    /// <summary>Counts a failed authentication against the request's client address.</summary>
    public void AuthenticationFailed(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var limits = Volatile.Read(ref _limits);
        if (limits.FailedAuth is not null)
        {
            // Marked before the token is taken, so a check that sees the taken token also sees the mark.
            Volatile.Write(ref _lastFailedAt, Math.Max(_time.GetTimestamp(), 1));
            limits.FailedAuth.Take(ClientAddress.Of(context));
        }
    }

    public void Dispose()
    {
        _subscriptions.ForEach(s => s.Dispose());
        Volatile.Read(ref _limits).Dispose();
    }

    private void Reload(IOptionsFactory<RateLimitOptions> factory)
    {
        RateLimitOptions changed;
        try
        {
            changed = factory.Create(Options.DefaultName);
        }
        catch (OptionsValidationException e)
        {
            LogInvalidChange(_logger, e.Message);
            return;
        }

        var replaced = Interlocked.Exchange(ref _limits, new Limits(changed, _time));
        LogChanged(_logger, changed.PerKey.RequestsPerSecond, changed.PerKey.Burst, changed.PerTenant.RequestsPerSecond, changed.PerTenant.Burst, changed.FailedAuthPerMinute);
        _ = DisposeLaterAsync(replaced);
    }

    private async Task DisposeLaterAsync(Limits replaced)
    {
        await Task.Delay(ReplacedLimitsGrace, _time).ConfigureAwait(false);
        replaced.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Rate limits changed (0 is off): per key {KeyRate}/s with a burst of {KeyBurst}, per tenant {TenantRate}/s with a burst of {TenantBurst}, {FailedAuthPerMinute} failed authentications a minute per address.")]
    private static partial void LogChanged(ILogger logger, double keyRate, int keyBurst, double tenantRate, int tenantBurst, int failedAuthPerMinute);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The rate limits' configuration changed but is not valid, so the limits in force stay: {Problems}")]
    private static partial void LogInvalidChange(ILogger logger, string problems);

    /// <summary>One set of limits: the buckets of each limit that is on.</summary>
    private sealed class Limits(RateLimitOptions options, TimeProvider time) : IDisposable
    {
        public Buckets? PerKey { get; } = Buckets.For(options.PerKey, time);

        public Buckets? PerTenant { get; } = Buckets.For(options.PerTenant, time);

        public Buckets? FailedAuth { get; } = Buckets.For(options.FailedAuth, time);

        /// <summary>How long a failed-authentication bucket takes to fill up from empty.</summary>
        public TimeSpan FailedAuthRefill { get; } = options.FailedAuth.IsOn ? TimeSpan.FromSeconds(options.FailedAuth.Burst / options.FailedAuth.RequestsPerSecond) : TimeSpan.Zero;

        public void Dispose()
        {
            PerKey?.Dispose();
            PerTenant?.Dispose();
            FailedAuth?.Dispose();
        }
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
