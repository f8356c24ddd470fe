using Conversations.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Conversations.Api.Http;

/// <summary>An authenticated request: the HTTP request, the caller's tenant and the matched route values.</summary>
public sealed record ApiRequest(HttpRequest Http, string TenantId, RouteValueDictionary RouteValues)
{
    public CancellationToken Aborted => Http.HttpContext.RequestAborted;

    public IConversationStore Store => Http.HttpContext.RequestServices.GetRequiredService<IConversationStore>();

    public T Service<T>() where T : notnull => Http.HttpContext.RequestServices.GetRequiredService<T>();

    /// <summary>A route value the template guarantees (e.g. <c>conversation_id</c>).</summary>
    public string Route(string name) => RouteValues.TryGetValue(name, out var value) && value is not null
        ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""
        : throw new InvalidOperationException($"The route has no value '{name}'.");

    /// <summary>A query value; null when absent or empty, because clients send empty values to mean "default".</summary>
    public string? Query(string name)
    {
        var values = Http.Query[name];
        var value = values.Count > 0 ? values[^1] : null;
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public string? Header(string name)
    {
        var value = Http.Headers[name].ToString();
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
