namespace Conversations.Api.RateLimiting;

/// <summary>
/// The request limits of one instance (<c>RateLimits__…</c>). The defaults let one application backend
/// send hundreds of requests in a row at full speed; they stop runaway loops and noisy neighbours, and
/// operators tighten them. A limit whose rate or burst is 0 is off.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Per API key: <c>RateLimits__PerKey__RequestsPerSecond</c> (1000) and <c>…__Burst</c> (2000).</summary>
    public TokenBucketSettings PerKey { get; set; } = new() { RequestsPerSecond = 1000, Burst = 2000 };

    /// <summary>Per tenant, over all its keys: <c>RateLimits__PerTenant__RequestsPerSecond</c> (2000) and <c>…__Burst</c> (4000).</summary>
    public TokenBucketSettings PerTenant { get; set; } = new() { RequestsPerSecond = 2000, Burst = 4000 };

    /// <summary>
    /// Requests with a missing, malformed or unknown key one client address may send per minute
    /// (<c>RateLimits__FailedAuthPerMinute</c>, 60; the whole minute's worth may come at once). Past it,
    /// the address gets 429 before its key is looked at, so it cannot drive registry reads.
    /// </summary>
    public int FailedAuthPerMinute { get; set; } = 60;

    /// <summary>The failed-authentication limit as a bucket: refills a minute's worth per minute.</summary>
    internal TokenBucketSettings FailedAuth => new() { RequestsPerSecond = FailedAuthPerMinute / 60.0, Burst = FailedAuthPerMinute };

    internal IEnumerable<string> Problems()
    {
        foreach (var (name, bucket) in new[] { ("PerKey", PerKey), ("PerTenant", PerTenant) })
        {
            if (bucket.RequestsPerSecond is < 0 or > 1_000_000 || double.IsNaN(bucket.RequestsPerSecond))
            {
                yield return $"{Section}:{name}:RequestsPerSecond must be between 0 (off) and 1000000.";
            }

            if (bucket.Burst is < 0 or > 10_000_000)
            {
                yield return $"{Section}:{name}:Burst must be between 0 (off) and 10000000.";
            }
        }

        if (FailedAuthPerMinute is < 0 or > 1_000_000)
        {
            yield return $"{Section}:FailedAuthPerMinute must be between 0 (off) and 1000000.";
        }
    }
}

/// <summary>A token bucket: refills <see cref="RequestsPerSecond"/> tokens a second up to <see cref="Burst"/>; a request takes one.</summary>
public sealed class TokenBucketSettings
{
    /// <summary>The sustained rate; fractions allowed (0.5 is one request every two seconds).</summary>
    public double RequestsPerSecond { get; set; }

    /// <summary>How many requests may come at once after a quiet spell (the bucket's size).</summary>
    public int Burst { get; set; }

    public bool IsOn => RequestsPerSecond > 0 && Burst > 0;
}
