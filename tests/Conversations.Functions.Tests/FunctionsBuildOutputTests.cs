using System.Text.Json;
using Conversations.Api.Http;
using Conversations.Testing;

namespace Conversations.Functions.Tests;

/// <summary>
/// The Functions app as the worker SDK built it: the files the Functions host reads to run it say
/// what the route table says. The host routes by functions.metadata (which the worker reports when it
/// indexes itself) joined to host.json's route prefix, and starts the worker that worker.config.json names.
/// </summary>
public sealed class FunctionsBuildOutputTests
{
    private static readonly string App = FunctionsHostProcess.AppDirectory;

    [Fact]
    public void Functions_metadata_has_one_http_trigger_per_route_with_its_method_and_template()
    {
        var prefix = RoutePrefix();
        var functions = Functions();

        foreach (var route in ApiRoutes.All)
        {
            var trigger = Assert.Single(functions, f => f.Name == route.Name).Trigger;
            var method = Assert.Single(trigger.GetProperty("methods").EnumerateArray()).GetString();
            Assert.Equal(route.Method, method, StringComparer.OrdinalIgnoreCase);
            var path = string.Join('/', new[] { prefix, trigger.GetProperty("route").GetString() }.Where(s => s!.Length > 0));
            Assert.Equal(route.Template, path);
        }
    }

    [Fact]
    public void Every_function_beside_the_routes_is_a_probe_the_documents_or_a_catch_all_for_what_no_route_takes()
    {
        // A catch-all is tried after every specific route (by route precedence, in the host and the worker);
        // the probes and the documents live outside every dialect's prefix.
        var others = Functions().Where(f => !ApiRoutes.All.Any(r => r.Name == f.Name)).Select(f => f.Trigger.GetProperty("route").GetString()!).ToList();

        Assert.Equal(
            ["healthz", "openapi/{document}.json", "readyz", "{*path}"],
            others.Order(StringComparer.Ordinal));
        Assert.All(others, route => Assert.Null(Dialects.ForPath("/" + route)));
    }

    [Fact]
    public void Every_function_is_anonymous_because_our_bearer_keys_authenticate()
    {
        // Anything else (the SDK writes the host's default, Function, when a trigger names no level)
        // would make the Functions host demand a function key before our code sees the request.
        Assert.All(Functions(), f => Assert.Equal("Anonymous", f.Trigger.GetProperty("authLevel").GetString()));
    }

    [Fact]
    public void The_route_prefix_is_empty_so_paths_are_the_vendors_paths()
    {
        Assert.Equal("", RoutePrefix());
    }

    [Fact]
    public void Worker_config_names_the_apps_own_assembly_run_by_dotnet()
    {
        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(App, "worker.config.json")));
        var description = config.RootElement.GetProperty("description");

        Assert.Equal("dotnet-isolated", description.GetProperty("language").GetString());
        Assert.Equal("dotnet", description.GetProperty("defaultExecutablePath").GetString());
        Assert.Equal("Conversations.Functions.dll", description.GetProperty("defaultWorkerPath").GetString());
        Assert.True(File.Exists(Path.Combine(App, "Conversations.Functions.dll")));
    }

    [Fact]
    public void The_repositorys_host_json_is_in_the_output()
    {
        var root = Path.GetFullPath(Path.Combine(App, "..", "..", "..", "..", ".."));

        Assert.Equal(File.ReadAllText(Path.Combine(root, "host.json")), File.ReadAllText(Path.Combine(App, "host.json")));
    }

    /// <summary>Every function in functions.metadata with its one HTTP trigger binding.</summary>
    private static List<(string? Name, JsonElement Trigger)> Functions()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(App, "functions.metadata")));
        return metadata.RootElement.EnumerateArray()
            .Select(f => (f.GetProperty("name").GetString(), Assert.Single(f.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString() == "httpTrigger").Clone()))
            .ToList();
    }

    /// <summary>host.json's extensions.http.routePrefix; the Functions host uses "api" when it is absent.</summary>
    private static string RoutePrefix()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(App, "host.json")));
        return host.RootElement.TryGetProperty("extensions", out var extensions)
            && extensions.TryGetProperty("http", out var http)
            && http.TryGetProperty("routePrefix", out var prefix)
                ? prefix.GetString()!
                : "api";
    }
}
