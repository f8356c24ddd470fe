namespace Conversations.Testing;

/// <summary>
/// Counts the HTTP requests an SDK sends through it (its round trips to the service); plug it in
/// with <c>CosmosClientOptions.HttpClientFactory</c>.
/// </summary>
public sealed class RequestCounter() : DelegatingHandler(new HttpClientHandler())
{
    private int _count;

    public async Task<(int Count, T Result)> CountAsync<T>(Func<Task<T>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        var before = Volatile.Read(ref _count);
        var result = await work();
        return (Volatile.Read(ref _count) - before, result);
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _count);
        return base.SendAsync(request, cancellationToken);
    }
}
