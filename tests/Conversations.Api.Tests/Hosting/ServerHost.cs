using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Conversations.Api.Tests.Hosting;

/// <summary>The self-hosted server in process (<see cref="WebApplicationFactory{TEntryPoint}"/>).</summary>
public abstract class ServerHost<TBackend> : ApiHost where TBackend : IStoreBackend, new()
{
    private readonly TBackend _backend = new();
    private Factory? _factory;

    protected override IStoreBackend Backend => _backend;

    /// <summary>The store this host serves, for tests that act on it (stop it, say).</summary>
    public TBackend Store => _backend;

    /// <summary>The server's own factory, for tests that replace one of its services.</summary>
    public WebApplicationFactory<Program> Server => _factory ??= new Factory(Settings());

    public IServiceProvider Services => Server.Services;

    public override HttpClient CreateClient() => Server.CreateClient();

    /// <summary>
    /// The in-memory transport drops a header whose value is empty, so the request is built on the
    /// server's side instead, header for header.
    /// </summary>
    public override async Task<HttpResponseMessage> SendExactlyAsync(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync();
        var context = await Server.Server.SendAsync(c =>
        {
            c.Request.Method = request.Method.Method;
            c.Request.Path = request.RequestUri!.OriginalString.Split('?')[0];
            c.Request.QueryString = new QueryString(request.RequestUri.OriginalString.Contains('?', StringComparison.Ordinal) ? "?" + request.RequestUri.OriginalString.Split('?', 2)[1] : "");
            foreach (var (name, values) in request.Headers.NonValidated)
            {
                c.Request.Headers[name] = values.ToArray();
            }

            if (request.Content is not null)
            {
                c.Request.ContentType = request.Content.Headers.ContentType?.ToString();
                c.Request.Body = new MemoryStream(body);
            }
        });
        var response = new HttpResponseMessage((System.Net.HttpStatusCode)context.Response.StatusCode)
        {
            Content = new StreamContent(context.Response.Body),
        };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", context.Response.ContentType);
        return response;
    }

    public override async Task DisposeAsync()
    {
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    private sealed class Factory(IEnumerable<KeyValuePair<string, string?>> settings) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}

public static class ServerClients
{
    /// <summary>A client of a variant of the server (one with a service replaced) that sends the tenant's key.</summary>
    public static HttpClient CreateClientFor(this WebApplicationFactory<Program> server, TestTenant tenant)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(tenant);
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tenant.Key);
        return client;
    }
}
