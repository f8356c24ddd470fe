using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Conversations.Api.Tests.Hosting;
using static Conversations.Api.Tests.Dify.DifyTestApi;

namespace Conversations.Api.Tests.Dify;

/// <summary>
/// /v1/conversations/{id}/variables against Dify's service API reference, List Conversation Variables
/// (https://docs.dify.ai/api-reference/conversations/list-conversation-variables).
/// </summary>
public abstract class DifyVariablesContractTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    private static readonly string[] ItemKeys = ["id", "name", "value_type", "value", "description", "created_at", "updated_at"];

    [Fact]
    public async Task Variables_are_listed_oldest_first_with_exactly_the_spec_fields_and_string_values()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateAsync(client, "ann", "vars");
        await AddAsync(client, conversation, "ann", "theme", "string", "\"dark\"", "UI theme");
        await AddAsync(client, conversation, "ann", "count", "number", "42");
        await AddAsync(client, conversation, "ann", "prefs", "object", """{"a":[1,2]}""");
        await AddAsync(client, conversation, "ann", "flags", "array[boolean]", "[true,false]");

        using var page = await GetJsonAsync(client, $"/v1/conversations/{conversation}/variables?user=ann");

        var root = page.RootElement;
        Assert.Equal(["data", "has_more", "limit"], root.EnumerateObject().Select(p => p.Name).Order());
        var items = root.GetProperty("data").EnumerateArray().ToList();
        Assert.All(items, i => Assert.Equal(ItemKeys.Order(), i.EnumerateObject().Select(p => p.Name).Order()));
        Assert.Equal(["theme", "count", "prefs", "flags"], items.Select(i => i.GetProperty("name").GetString()));
        Assert.All(items, i => Assert.Equal(JsonValueKind.String, i.GetProperty("value").ValueKind));
        Assert.Equal("dark", items[0].GetProperty("value").GetString());
        Assert.Equal("UI theme", items[0].GetProperty("description").GetString());
        Assert.Equal("42", items[1].GetProperty("value").GetString());
        Assert.Equal("number", items[1].GetProperty("value_type").GetString());
        Assert.Equal([1, 2], JsonDocument.Parse(items[2].GetProperty("value").GetString()!).RootElement.GetProperty("a").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("[true,false]", items[3].GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Number, items[0].GetProperty("created_at").ValueKind);
    }

    [Fact]
    public async Task Variable_name_filters_by_case_insensitive_substring_and_last_id_pages_after_a_variable()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateAsync(client, "ben", "vars");
        var ids = new List<string>();
        foreach (var name in new[] { "User_Name", "user.email", "city", "USERID" })
        {
            ids.Add(await AddAsync(client, conversation, "ben", name, "string", "\"x\""));
        }

        using var filtered = await GetJsonAsync(client, $"/v1/conversations/{conversation}/variables?user=ben&variable_name=user");
        using var first = await GetJsonAsync(client, $"/v1/conversations/{conversation}/variables?user=ben&limit=2");
        using var second = await GetJsonAsync(client, $"/v1/conversations/{conversation}/variables?user=ben&limit=2&last_id={ids[1]}");

        Assert.Equal(["User_Name", "user.email", "USERID"], filtered.RootElement.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.True(first.RootElement.GetProperty("has_more").GetBoolean());
        Assert.Equal(ids[2..], second.RootElement.GetProperty("data").EnumerateArray().Select(i => i.GetProperty("id").GetString()!));
        Assert.False(second.RootElement.GetProperty("has_more").GetBoolean());
    }

    [Theory]
    [InlineData("variable_name=has%20space")]
    [InlineData("variable_name=semi;colon")]
    [InlineData("limit=0")]
    [InlineData("limit=101")]
    [InlineData("last_id=nope")]
    public async Task Invalid_parameters_answer_400_invalid_param(string query)
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateAsync(client, "cal", "vars");

        var response = await client.GetAsync($"/v1/conversations/{conversation}/variables?user=cal&{query}");

        await AssertDifyErrorAsync(response, HttpStatusCode.BadRequest, "invalid_param");
    }

    [Fact]
    public async Task Variables_of_an_unknown_or_other_users_conversation_answer_404_conversation_not_exists()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateAsync(client, "dee", "vars");

        foreach (var path in new[]
                 {
                     $"/v1/conversations/{conversation}/variables?user=someone-else",
                     $"/v1/conversations/{Guid.CreateVersion7()}/variables?user=dee",
                     "/v1/conversations/not-a-uuid/variables?user=dee",
                 })
        {
            var error = await AssertDifyErrorAsync(await client.GetAsync(path), HttpStatusCode.NotFound, "not_found");
            Assert.Equal("Conversation Not Exists.", error.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task Updating_a_variable_checks_the_value_against_its_value_type()
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateAsync(client, "eve", "vars");
        var id = await AddAsync(client, conversation, "eve", "n", "number", "1");

        var wrong = await client.PutAsJsonAsync($"/v1/conversations/{conversation}/variables/{id}", new { user = "eve", value = "two" });
        var right = await client.PutAsJsonAsync($"/v1/conversations/{conversation}/variables/{id}", new { user = "eve", value = 2.5 });
        var unknown = await client.PutAsJsonAsync($"/v1/conversations/{conversation}/variables/{Guid.CreateVersion7()}", new { user = "eve", value = 3 });

        await AssertDifyErrorAsync(wrong, HttpStatusCode.BadRequest, "invalid_param");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        using var updated = JsonDocument.Parse(await right.Content.ReadAsStringAsync());
        Assert.Equal("2.5", updated.RootElement.GetProperty("value").GetString());
        await AssertDifyErrorAsync(unknown, HttpStatusCode.NotFound, "not_found");
        using var list = await GetJsonAsync(client, $"/v1/conversations/{conversation}/variables?user=eve");
        Assert.Equal("2.5", Assert.Single(list.RootElement.GetProperty("data").EnumerateArray()).GetProperty("value").GetString());
    }

    [Theory]
    [InlineData("string", "1")]
    [InlineData("number", "\"1\"")]
    [InlineData("boolean", "\"true\"")]
    [InlineData("object", "[1]")]
    [InlineData("array[string]", "[\"a\", 1]")]
    [InlineData("array[number]", "{}")]
    [InlineData("integer", "1")]
    public async Task Creating_a_variable_whose_value_does_not_fit_its_type_is_rejected_and_stores_nothing(string valueType, string value)
    {
        var client = host.NewTenant().Client();
        var conversation = await CreateAsync(client, "fay", "vars");

        var response = await client.PostAsync($"/v1/conversations/{conversation}/variables", new StringContent(
            $$"""{"user": "fay", "name": "v", "value_type": "{{valueType}}", "value": {{value}}}""", System.Text.Encoding.UTF8, "application/json"));

        await AssertDifyErrorAsync(response, HttpStatusCode.BadRequest, "invalid_param");
        using var list = await GetJsonAsync(client, $"/v1/conversations/{conversation}/variables?user=fay");
        Assert.Equal(0, list.RootElement.GetProperty("data").GetArrayLength());
    }

    private static async Task<string> AddAsync(HttpClient client, string conversation, string user, string name, string valueType, string valueJson, string description = "")
    {
        var response = await client.PostAsync($"/v1/conversations/{conversation}/variables", new StringContent(
            $$"""{"user": "{{user}}", "name": "{{name}}", "value_type": "{{valueType}}", "value": {{valueJson}}, "description": "{{description}}"}""",
            System.Text.Encoding.UTF8,
            "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("id").GetString()!;
    }
}

public sealed class DifyVariablesContractTestsOnSqlite(SqliteApiHost host) : DifyVariablesContractTests<SqliteApiHost>(host);
