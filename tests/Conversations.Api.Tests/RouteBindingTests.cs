using Conversations.Api.Http;
using Conversations.Api.Tests.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Conversations.Api.Tests;

/// <summary>
/// Every route's parameter binding is generated at compile time (see ApiRouteMapping). A route whose
/// handler reached the framework as a plain Delegate would still work, but be compiled from
/// expression trees at start-up, which is most of what a cold start costs.
/// </summary>
public sealed class RouteBindingTests(SqliteApiHost host) : IClassFixture<SqliteApiHost>
{
    [Fact]
    public void Every_route_runs_a_request_delegate_generated_at_compile_time()
    {
        var endpoints = host.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.Metadata.GetMetadata<ApiRoute>() is not null)
            .ToList();

        Assert.Equal(ApiRoutes.All.Select(r => r.Name).Order(), endpoints.Select(e => e.Metadata.GetMetadata<ApiRoute>()!.Name).Order());
        Assert.All(endpoints, e => Assert.Equal("Microsoft.AspNetCore.Http.Generated", e.RequestDelegate!.Method.DeclaringType?.Namespace));
    }
}
