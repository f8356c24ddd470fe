using System.Collections.Concurrent;

namespace Conversations.Testing;

/// <summary>
/// Counts and records the HTTP requests an SDK sends through it (its round trips to the service);
/// plug it in with <c>CosmosClientOptions.HttpClientFactory</c>.
/// </summary>
public sealed class RequestCounter() : DelegatingHandler(new HttpClientHandler())
{
    private readonly ConcurrentQueue<SentRequest> _sent = new();

    public async Task<(int Count, T Result)> CountAsync<T>(Func<Task<T>> work)
    {
        var (requests, result) = await RecordAsync(work);
        return (requests.Count, result);
    }

    /// <summary>The requests sent while <paramref name="work"/> ran (other work on this counter meanwhile included).</summary>
    public async Task<(IReadOnlyList<SentRequest> Requests, T Result)> RecordAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var before = _sent.Count;
        var result = await work();
        return (_sent.Skip(before).ToList(), result);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        _sent.Enqueue(new SentRequest(request.Method, request.RequestUri?.AbsolutePath ?? "", request.Headers.Contains("If-Match")));
        return base.SendAsync(request, cancellationToken);
    }
}

/// <summary>One request as sent: its method, its path (e.g. <c>/dbs/d/colls/c/docs/id</c>), and whether it carried an If-Match ETag.</summary>
public sealed record SentRequest(HttpMethod Method, string Path, bool IfMatch)
{
    /// <summary>A request on one document (point read, patch, replace, delete), not a query or metadata.</summary>
    public bool IsPointOperation => Path.Contains("/docs/", StringComparison.Ordinal);
}
