using System.Net.Http.Headers;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conversations.Api.Auth;
using Conversations.Api.Composition;
using Conversations.Functions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Conversations.Functions.Tests;

/// <summary>
/// Each function, given a request, answers what the self-hosted server answers: both run on the same
/// composition and the same SQLite file. Generated ids and times are masked before comparing.
/// </summary>
public sealed class FunctionParityTests : IAsyncLifetime
{
    private const string Key = "parity-key";
    private const string Tenant = "parity";
    private static readonly string[] Generated = ["id", "created_at", "updated_at", "first_id", "last_id", "next_cursor"];

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"functions-parity-{Guid.NewGuid():N}.db");
    private readonly Dictionary<string, string?> _settings;
    private WebApplicationFactory<Program> _server = null!;
    private ServiceProvider _functionServices = null!;

    public FunctionParityTests() => _settings = new()
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:Sqlite:Path"] = _path,
        ["Auth:ApiKeys:0:Tenant"] = Tenant,
        ["Auth:ApiKeys:0:KeySha256"] = ApiKeyAuthenticator.HashKey(Key),
        ["Cursors:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    };

    public async Task InitializeAsync()
    {
        _server = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Testing");
            foreach (var (key, value) in _settings)
            {
                b.UseSetting(key, value);
            }
        });
        _server.CreateClient().Dispose();

        // The Functions host's side: the same composition, resolved per request as the worker does.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(_settings).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddConversationsApi(configuration, new HostingEnvironment { EnvironmentName = "Testing" });
        _functionServices = services.BuildServiceProvider();
        foreach (var hosted in _functionServices.GetServices<IHostedService>())
        {
            await hosted.StartAsync(CancellationToken.None);
        }
    }

    public async Task DisposeAsync()
    {
        await _functionServices.DisposeAsync();
        await _server.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }

    // The last column is null for a request the route must accept (any 2xx), else the status the
    // dialect's contract gives a refusal: parity alone would also hold if both hosts refused everything.
    public static TheoryData<string, string, string, string?, int?> Requests() => new()
    {
        { nameof(DifyFunctions.ListConversations), "GET", "/v1/conversations?user=u&limit=2", null, null },
        { nameof(DifyFunctions.ListConversations), "GET", "/v1/conversations?limit=0", null, 400 },
        { nameof(DifyFunctions.CreateConversation), "POST", "/v1/conversations", """{"user":"u","name":"n","inputs":{"a":1}}""", null },
        { nameof(DifyFunctions.RenameConversation), "POST", "/v1/conversations/{conversation_id}/name", """{"user":"u","name":"renamed"}""", null },
        { nameof(DifyFunctions.DeleteConversation), "DELETE", "/v1/conversations/{conversation_id}", """{"user":"u"}""", null },
        { nameof(DifyFunctions.ListVariables), "GET", "/v1/conversations/{conversation_id}/variables?user=u", null, null },
        { nameof(DifyFunctions.CreateVariable), "POST", "/v1/conversations/{conversation_id}/variables", """{"user":"u","name":"v","value_type":"number","value":2}""", null },
        { nameof(DifyFunctions.UpdateVariable), "PUT", "/v1/conversations/{conversation_id}/variables/{variable_id}", """{"user":"u","value":"new"}""", null },
        { nameof(OpenAIFunctions.ListConversations), "GET", "/openai/v1/conversations?limit=1&order=asc", null, null },
        { nameof(OpenAIFunctions.ListConversations), "GET", "/openai/v1/conversations?limit=0", null, 400 },
        { nameof(OpenAIFunctions.CreateConversation), "POST", "/openai/v1/conversations", """{"metadata":{"k":"v"}}""", null },
        { nameof(OpenAIFunctions.GetConversation), "GET", "/openai/v1/conversations/{conversation_id}", null, null },
        { nameof(OpenAIFunctions.UpdateConversation), "POST", "/openai/v1/conversations/{conversation_id}", """{"metadata":{"x":"y"}}""", null },
        { nameof(OpenAIFunctions.DeleteConversation), "DELETE", "/openai/v1/conversations/{conversation_id}", null, null },
        { nameof(MieltoFunctions.ListConversations), "GET", "/api/v1/conversations?limit=1&sort_by=title", null, null },
        { nameof(MieltoFunctions.ListConversations), "GET", "/api/v1/conversations?limit=0", null, 422 },
        { nameof(MieltoFunctions.CreateConversation), "POST", "/api/v1/conversations", """{"user_id":"u","title":"t"}""", null },
        { nameof(MieltoFunctions.GetConversation), "GET", "/api/v1/conversations/{conversation_id}", null, null },
        { nameof(MieltoFunctions.UpdateConversation), "PATCH", "/api/v1/conversations/{conversation_id}", """{"status":"archived"}""", null },
        { nameof(MieltoFunctions.DeleteConversation), "DELETE", "/api/v1/conversations/{conversation_id}", null, null },
    };

    [Fact]
    public void Every_route_has_a_parity_request()
    {
        // A new route without a row here would otherwise go untested against the server.
        var covered = Requests()
            .Where(row => row[4] is null)
            .Select(row => (Path: ((string)row[2]).Split('?')[0].TrimStart('/'), Method: (string)row[1]))
            .ToHashSet();

        Assert.All(Conversations.Api.Http.ApiRoutes.All, route => Assert.Contains((route.Template, route.Method), covered));
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_function_answers_like_the_server(string function, string method, string pathTemplate, string? body, int? refusal)
    {
        var dialect = pathTemplate.StartsWith("/openai", StringComparison.Ordinal) ? typeof(OpenAIFunctions)
            : pathTemplate.StartsWith("/api", StringComparison.Ordinal) ? typeof(MieltoFunctions) : typeof(DifyFunctions);
        // Each side gets its own data, so a write through one cannot change what the other reads.
        var (serverPath, _) = await SeedAsync(pathTemplate);
        var (functionPath, functionRoute) = await SeedAsync(pathTemplate);

        using var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var serverResponse = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), serverPath)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        });
        var (functionStatus, functionBody) = await InvokeAsync(dialect.GetMethod(function)!, method, functionPath, functionRoute, body);

        if (refusal is { } status)
        {
            Assert.Equal(status, functionStatus);
        }
        else
        {
            Assert.InRange(functionStatus, 200, 299);
        }

        Assert.Equal((int)serverResponse.StatusCode, functionStatus);
        Assert.Equal(Mask(await serverResponse.Content.ReadAsStringAsync()), Mask(functionBody));
    }

    private async Task<(int Status, string Body)> InvokeAsync(MethodInfo function, string method, string path, Dictionary<string, string> route, string? body)
    {
        using var scope = _functionServices.CreateScope();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        var uri = new Uri("http://localhost" + path);
        context.Request.Method = method;
        context.Request.Path = uri.AbsolutePath;
        context.Request.QueryString = new QueryString(uri.Query);
        context.Request.Headers.Authorization = "Bearer " + Key;
        if (body is not null)
        {
            context.Request.ContentType = "application/json";
            context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(body));
        }

        context.Response.Body = new MemoryStream();
        var arguments = new object[] { context.Request }.Concat(function.GetParameters().Skip(1).Select(p => (object)route[p.Name!])).ToArray();
        var result = await (Task<IResult>)function.Invoke(null, arguments)!;
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, await new StreamReader(context.Response.Body).ReadToEndAsync());
    }

    /// <summary>A conversation (and a variable) for the request to address; returns the concrete path and route values.</summary>
    private async Task<(string Path, Dictionary<string, string> Route)> SeedAsync(string pathTemplate)
    {
        using var client = _server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        var conversation = await PostAsync(client, "/v1/conversations", """{"user":"u","name":"seed"}""");
        var variable = await PostAsync(client, $"/v1/conversations/{conversation}/variables", """{"user":"u","name":"s","value_type":"string","value":"x"}""");
        var route = new Dictionary<string, string> { ["conversation_id"] = conversation, ["variable_id"] = variable };
        var path = pathTemplate.Replace("{conversation_id}", conversation, StringComparison.Ordinal).Replace("{variable_id}", variable, StringComparison.Ordinal);
        return (path, route);
    }

    private static async Task<string> PostAsync(HttpClient client, string path, string body)
    {
        var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
    }

    private static string Mask(string body)
    {
        if (body.Length == 0)
        {
            return body;
        }

        var node = JsonNode.Parse(body);
        MaskNode(node);
        return node!.ToJsonString();
    }

    private static void MaskNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var key in obj.Select(p => p.Key).ToList())
                {
                    if (Generated.Contains(key) && obj[key] is not null)
                    {
                        obj[key] = "*";
                    }
                    else
                    {
                        MaskNode(obj[key]);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    MaskNode(item);
                }

                break;
        }
    }
}
