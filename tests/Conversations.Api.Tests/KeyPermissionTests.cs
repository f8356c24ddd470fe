using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Conversations.Api.Http;
using Conversations.Api.Tests.Hosting;
using Conversations.Api.Tests.Hostile;
using Conversations.Keys;
using static Conversations.Api.Tests.Dify.DifyTestApi;

namespace Conversations.Api.Tests;

/// <summary>
/// What a key may do, through every dialect: read-only keys cannot write, require-user keys cannot act
/// without an end user, an empty end-user identifier never means the whole tenant, expired keys are 401.
/// Keys are issued in the host's registry as <c>keys create</c> issues them.
/// </summary>
public abstract class KeyPermissionTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    [Theory]
    [MemberData(nameof(KeyPermissionRequests.Writes), MemberType = typeof(KeyPermissionRequests))]
    public async Task A_read_only_key_gets_403_on_every_write_and_the_write_changes_nothing(string method, string template)
    {
        var tenant = host.NewTenant();
        var id = await CreateAsync(tenant.Client(), "u", "original");
        var variable = await tenant.Client().PostAsJsonAsync($"/v1/conversations/{id}/variables", new { user = "u", name = "v", value_type = "string", value = "before" });
        var variableId = JsonDocument.Parse(await variable.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        using var readOnly = tenant.ClientWith(await host.IssueKeyAsync(tenant.Id, ApiKeyRestrictions.ReadOnly));
        var path = "/" + template.Replace("{conversation_id}", id, StringComparison.Ordinal).Replace("{variable_id}", variableId, StringComparison.Ordinal);

        var response = await readOnly.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("""{"user": "u", "name": "changed", "value": "after", "metadata": {"k": "v"}, "title": "changed"}""", Encoding.UTF8, "application/json"),
        });

        await AssertForbiddenAsync(response, path);
        using var dify = await GetJsonAsync(readOnly, "/v1/conversations?user=u");
        var listed = Assert.Single(dify.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("original", listed.GetProperty("name").GetString());
        using var variables = await GetJsonAsync(readOnly, $"/v1/conversations/{id}/variables?user=u");
        Assert.Equal("before", Assert.Single(variables.RootElement.GetProperty("data").EnumerateArray()).GetProperty("value").GetString());
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync("/openai/v1/conversations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await readOnly.GetAsync($"/api/v1/conversations/{id}")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(KeyPermissionRequests.UserlessRequests), MemberType = typeof(KeyPermissionRequests))]
    public async Task A_require_user_key_gets_403_on_a_request_that_names_no_end_user(string method, string template, string? body)
    {
        var tenant = host.NewTenant();
        var id = await CreateAsync(tenant.Client(), "u", "kept");
        using var client = tenant.ClientWith(await host.IssueKeyAsync(tenant.Id, ApiKeyRestrictions.RequireUser));
        var path = template.Replace("{id}", id, StringComparison.Ordinal);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        });

        await AssertForbiddenAsync(response, path);
        using var list = await GetJsonAsync(tenant.Client(), "/api/v1/conversations");
        Assert.Equal([id], list.RootElement.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task A_require_user_key_is_served_wherever_an_end_user_is_named()
    {
        var tenant = host.NewTenant();
        using var client = tenant.ClientWith(await host.IssueKeyAsync(tenant.Id, ApiKeyRestrictions.RequireUser));
        var id = await CreateAsync(client, "u", "mine");
        using var openAI = new HttpRequestMessage(HttpMethod.Get, $"/openai/v1/conversations/{id}");
        openAI.Headers.Add("x-ms-user-isolation-key", "u");

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(openAI)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/conversations/{id}?user_id=u")).StatusCode);
        using var dify = await GetJsonAsync(client, "/v1/conversations?user=u");
        Assert.Equal(id, Assert.Single(dify.RootElement.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/conversations", new { user_id = "u", title = "t" })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(KeyPermissionRequests.EmptyIdentifiers), MemberType = typeof(KeyPermissionRequests))]
    public async Task An_empty_end_user_identifier_is_a_validation_error_never_the_whole_tenant(string method, string template, string? isolationKey, string? body)
    {
        var tenant = host.NewTenant();
        var client = tenant.Client();
        var id = await CreateAsync(client, "u", "kept");
        var path = template.Replace("{id}", id, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", tenant.Key);
        if (isolationKey is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("x-ms-user-isolation-key", isolationKey));
        }

        var response = await host.SendExactlyAsync(request);

        var openAI = path.StartsWith("/openai/", StringComparison.Ordinal);
        // OpenAI answers invalid input with 400; Mielto, a FastAPI service, with 422.
        await DialectErrors.AssertEnvelopeAsync(response, path, openAI ? HttpStatusCode.BadRequest : HttpStatusCode.UnprocessableEntity);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        if (openAI)
        {
            Assert.Equal("x-ms-user-isolation-key", error.GetProperty("error").GetProperty("param").GetString());
        }
        else
        {
            Assert.Equal("user_id", error.GetProperty("detail")[0].GetProperty("loc")[1].GetString());
        }

        using var list = await GetJsonAsync(client, "/api/v1/conversations");
        Assert.Equal([id], list.RootElement.GetProperty("data").EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("/v1/conversations?user=u")]
    [InlineData("/openai/v1/conversations")]
    [InlineData("/api/v1/conversations")]
    public async Task An_expired_key_is_401_and_an_unexpired_one_is_served(string path)
    {
        var tenant = host.NewTenant();
        var now = DateTimeOffset.UtcNow;
        using var expired = tenant.ClientWith(await host.IssueKeyAsync(tenant.Id, ApiKeyRestrictions.None, TimeSpan.FromHours(1), now - TimeSpan.FromHours(2)));
        using var current = tenant.ClientWith(await host.IssueKeyAsync(tenant.Id, ApiKeyRestrictions.None, TimeSpan.FromHours(1), now));

        var refused = await expired.GetAsync(path);

        await DialectErrors.AssertEnvelopeAsync(refused, path, HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.OK, (await current.GetAsync(path)).StatusCode);
    }

    /// <summary>A 403 in the dialect's envelope, with the dialect's own code.</summary>
    private static async Task AssertForbiddenAsync(HttpResponseMessage response, string path)
    {
        await DialectErrors.AssertEnvelopeAsync(response, path, HttpStatusCode.Forbidden);
        var root = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        switch (path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0])
        {
            case "openai":
                Assert.Equal("insufficient_permissions", root.GetProperty("error").GetProperty("code").GetString());
                break;
            case "v1":
                Assert.Equal("forbidden", root.GetProperty("code").GetString());
                break;
        }
    }
}

public sealed class KeyPermissionTestsOnSqlite(SqliteApiHost host) : KeyPermissionTests<SqliteApiHost>(host);

/// <summary>The requests <see cref="KeyPermissionTests{THost}"/> sends.</summary>
public static class KeyPermissionRequests
{
    public static TheoryData<string, string> Writes()
    {
        var data = new TheoryData<string, string>();
        foreach (var route in ApiRoutes.All.Where(r => r.Method != "GET"))
        {
            data.Add(route.Method, route.Template);
        }

        return data;
    }

    public static TheoryData<string, string, string?> UserlessRequests() => new()
    {
        { "GET", "/v1/conversations", null },
        { "POST", "/v1/conversations", """{"name": "n"}""" },
        { "GET", "/v1/conversations?user=", null },
        { "GET", "/openai/v1/conversations", null },
        { "POST", "/openai/v1/conversations", "{}" },
        { "GET", "/openai/v1/conversations/{id}", null },
        { "DELETE", "/openai/v1/conversations/{id}", null },
        { "GET", "/api/v1/conversations", null },
        { "POST", "/api/v1/conversations", """{"title": "t"}""" },
        { "GET", "/api/v1/conversations/{id}", null },
        { "PATCH", "/api/v1/conversations/{id}", """{"title": "t"}""" },
        { "DELETE", "/api/v1/conversations/{id}", null },
    };

    public static TheoryData<string, string, string?, string?> EmptyIdentifiers() => new()
    {
        { "GET", "/openai/v1/conversations", "", null },
        { "GET", "/openai/v1/conversations/{id}", "", null },
        { "POST", "/openai/v1/conversations", "", "{}" },
        { "DELETE", "/openai/v1/conversations/{id}", "", null },
        { "GET", "/api/v1/conversations?user_id=", null, null },
        { "GET", "/api/v1/conversations/{id}?user_id=", null, null },
        { "DELETE", "/api/v1/conversations/{id}?user_id=", null, null },
        { "POST", "/api/v1/conversations", null, """{"user_id": "", "title": "t"}""" },
    };
}
