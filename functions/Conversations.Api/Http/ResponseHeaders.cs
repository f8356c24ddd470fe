using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Http;

/// <summary>
/// Headers every answer of the service carries, errors included, on both hosts: nothing in it may be
/// kept by a cache between the client and us (the bodies are one tenant's data), and a browser must
/// not guess a type other than the one declared.
/// </summary>
public static class ResponseHeaders
{
    public static void Apply(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";
    }
}
