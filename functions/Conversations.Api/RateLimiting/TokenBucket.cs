using System.Threading.RateLimiting;

namespace Conversations.Api.RateLimiting;

/// <summary>
/// A token bucket that reads the time from a <see cref="TimeProvider"/> and refills as it is asked
/// (no timer), so tests drive it with a fake clock. Written by hand because the platform's
/// <see cref="TokenBucketRateLimiter"/> reads the system clock itself and takes no TimeProvider
/// (dotnet/runtime issue 106447); it is still a <see cref="RateLimiter"/>, kept per partition by the
/// platform's <see cref="PartitionedRateLimiter"/>. A request over the limit is refused at once, never
/// queued: waiting would hold a worker for a client that is already sending too much.
/// </summary>
internal sealed class TokenBucket(TokenBucketSettings settings, TimeProvider time) : RateLimiter
{
    private readonly Lock _lock = new();
    private readonly double _rate = settings.RequestsPerSecond;
    private readonly int _burst = settings.Burst;
    private double _tokens = settings.Burst;
    private long _refilledAt = time.GetTimestamp();
    private long _takenAt = time.GetTimestamp();

    /// <summary>Idle once full again: a full bucket is the same as a new one, so the partitioned limiter may drop it.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                Refill();
                return _tokens >= _burst ? time.GetElapsedTime(_takenAt) : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            Refill();
            return new RateLimiterStatistics { CurrentAvailablePermits = (long)_tokens };
        }
    }

    /// <summary>Takes <paramref name="permitCount"/> tokens; 0 only asks whether one is there.</summary>
    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_lock)
        {
            Refill();
            var needed = Math.Max(permitCount, 1);
            if (_tokens >= needed)
            {
                _tokens -= permitCount;
                if (permitCount > 0)
                {
                    _takenAt = time.GetTimestamp();
                }

                return new Lease(true, null, (long)_tokens);
            }

            return new Lease(false, TimeSpan.FromSeconds((needed - _tokens) / _rate), (long)_tokens);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    private void Refill()
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(_burst, _tokens + time.GetElapsedTime(_refilledAt, now).TotalSeconds * _rate);
        _refilledAt = now;
    }

    /// <summary>The answer to one acquisition, with the whole tokens left after it.</summary>
    internal sealed class Lease(bool isAcquired, TimeSpan? retryAfter, long remaining) : RateLimitLease
    {
        public override bool IsAcquired => isAcquired;

        public long Remaining => remaining;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter;
            return retryAfter is not null && metadataName == MetadataName.RetryAfter.Name;
        }
    }
}
