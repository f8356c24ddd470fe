using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;
using static Conversations.Api.Tests.Dify.DifyTestApi;

namespace Conversations.Api.Tests;

/// <summary>Nothing crosses a tenant: not a list, an id lookup, a write, or a cursor.</summary>
public abstract class TenantIsolationTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    [Fact]
    public async Task Another_tenant_sees_none_of_a_tenants_conversations_through_any_dialect()
    {
        var owner = host.NewTenant().Client();
        var other = host.NewTenant().Client();
        var id = await CreateAsync(owner, "same-user", "secret plans");
        var variable = await owner.PostAsJsonAsync($"/v1/conversations/{id}/variables", new { user = "same-user", name = "v", value_type = "string", value = "x" });
        Assert.Equal(HttpStatusCode.OK, variable.StatusCode);

        using var difyList = await GetJsonAsync(other, "/v1/conversations?user=same-user");
        using var openAIList = await GetJsonAsync(other, "/openai/v1/conversations");
        using var mieltoList = await GetJsonAsync(other, "/api/v1/conversations");

        Assert.Equal(0, difyList.RootElement.GetProperty("data").GetArrayLength());
        Assert.Equal(0, openAIList.RootElement.GetProperty("data").GetArrayLength());
        Assert.Equal(0, mieltoList.RootElement.GetProperty("data").GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/openai/v1/conversations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/v1/conversations/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/v1/conversations/{id}/variables?user=same-user")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/v1/conversations?user=same-user&last_id={id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/openai/v1/conversations?after={id}")).StatusCode);
    }

    [Fact]
    public async Task Another_tenant_can_neither_change_nor_delete_a_tenants_conversation()
    {
        var owner = host.NewTenant().Client();
        var other = host.NewTenant().Client();
        var id = await CreateAsync(owner, "u", "original");

        var rename = await other.PostAsJsonAsync($"/v1/conversations/{id}/name", new { name = "hijacked", user = "u" });
        var update = await other.PostAsJsonAsync($"/openai/v1/conversations/{id}", new { metadata = new { k = "v" } });
        var patch = await other.PatchAsJsonAsync($"/api/v1/conversations/{id}", new { title = "hijacked" });
        var delete = await other.DeleteAsync($"/openai/v1/conversations/{id}");

        Assert.All([rename, update, patch, delete], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        using var list = await GetJsonAsync(owner, "/v1/conversations?user=u");
        var item = Assert.Single(list.RootElement.GetProperty("data").EnumerateArray());
        Assert.Equal("original", item.GetProperty("name").GetString());
        using var openAI = await GetJsonAsync(owner, $"/openai/v1/conversations/{id}");
        Assert.Empty(openAI.RootElement.GetProperty("metadata").EnumerateObject());
    }

    [Fact]
    public async Task A_mielto_cursor_made_for_one_tenant_is_rejected_for_another()
    {
        var owner = host.NewTenant().Client();
        var other = host.NewTenant().Client();
        for (var i = 0; i < 3; i++)
        {
            await CreateAsync(owner, "u", $"c{i}");
        }

        using var first = await GetJsonAsync(owner, "/api/v1/conversations?limit=1");
        var cursor = first.RootElement.GetProperty("next_cursor").GetString();

        var stolen = await other.GetAsync($"/api/v1/conversations?limit=1&cursor={cursor}");

        Assert.Equal((HttpStatusCode)422, stolen.StatusCode);
        var detail = JsonDocument.Parse(await stolen.Content.ReadAsStringAsync()).RootElement.GetProperty("detail")[0];
        Assert.Equal(["query", "cursor"], detail.GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task A_workspace_header_naming_another_tenant_is_forbidden_even_with_a_valid_key()
    {
        var tenant = host.NewTenant();
        var client = tenant.Client();
        client.DefaultRequestHeaders.Add("X-Workspace-Id", "some-other-workspace");

        var forbidden = await client.GetAsync("/api/v1/conversations");
        client.DefaultRequestHeaders.Remove("X-Workspace-Id");
        client.DefaultRequestHeaders.Add("X-Workspace-Id", tenant.Id);
        var allowed = await client.GetAsync("/api/v1/conversations");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(JsonValueKind.String, JsonDocument.Parse(await forbidden.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").ValueKind);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }
}

public sealed class TenantIsolationTestsOnSqlite(SqliteApiHost host) : TenantIsolationTests<SqliteApiHost>(host);
