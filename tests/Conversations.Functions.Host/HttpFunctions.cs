using System.Text.Json;
using Conversations.Functions.Host.Rpc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace Conversations.Functions.Host;

/// <summary>An HTTP-triggered function the worker loaded: what it answers and how to invoke it.</summary>
internal sealed record HttpFunction(string Id, string Name, string TriggerParameter, HashSet<string> Methods, RouteTemplate Template)
{
    public TemplateMatcher Matcher { get; } = new(Template, new RouteValueDictionary());
}

/// <summary>
/// The loaded functions' HTTP routes: host.json's route prefix joined to each trigger's route, matched
/// the way ASP.NET Core routing matches them (literal segments before parameters, case-insensitive),
/// and by method. No match is a 404, as in the Functions host.
/// </summary>
internal sealed class HttpFunctions(IReadOnlyList<HttpFunction> functions)
{
    public int Count => functions.Count;

    public static HttpFunctions From(IEnumerable<RpcFunctionMetadata> loaded, string routePrefix)
    {
        var functions = new List<HttpFunction>();
        foreach (var function in loaded)
        {
            var trigger = function.RawBindings
                .Select(raw => JsonSerializer.Deserialize(raw, AppJsonContext.Default.FunctionBinding))
                .FirstOrDefault(b => string.Equals(b?.Type, "httpTrigger", StringComparison.OrdinalIgnoreCase));
            if (trigger is null)
            {
                continue;
            }

            // No methods means every method; no route means the function's name (the Functions host's defaults).
            var route = $"{routePrefix}/{trigger.Route ?? function.Name}".Trim('/');
            var methods = new HashSet<string>(trigger.Methods ?? [], StringComparer.OrdinalIgnoreCase);
            functions.Add(new HttpFunction(function.FunctionId, function.Name, trigger.Name ?? "req", methods, TemplateParser.Parse(route)));
        }

        return new HttpFunctions([.. functions.OrderBy(f => RoutePrecedence.ComputeInbound(f.Template))]);
    }

    /// <summary>The function for a request, with the route values it matched; null if none.</summary>
    public HttpFunction? Match(string method, PathString path, RouteValueDictionary values)
    {
        foreach (var function in functions)
        {
            if ((function.Methods.Count == 0 || function.Methods.Contains(method)) && function.Matcher.TryMatch(path, values))
            {
                return function;
            }

            values.Clear();
        }

        return null;
    }
}
