using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Conversations.Api.Http;
using Conversations.Api.Tests.Hosting;
using Json.Schema;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Conversations.Api.Tests.Service;

/// <summary>
/// The OpenAPI document of each dialect (OpenAPI Specification 3.1, https://spec.openapis.org/oas/v3.1.1)
/// is valid, lists every route of the route table, and describes what the endpoints really answer:
/// real responses, successes and errors, are validated against the document's own schemas.
/// </summary>
public abstract class OpenApiDocumentTests<THost>(THost host) : IClassFixture<THost> where THost : ApiHost
{
    [Theory]
    [InlineData("dify")]
    [InlineData("openai")]
    [InlineData("mielto")]
    public async Task The_document_is_valid_openapi_3_1_and_lists_every_route_of_its_dialect_behind_the_bearer_scheme(string dialect)
    {
        var text = await DocumentAsync(dialect);

        var read = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings());
        Assert.Empty(read.Diagnostic?.Errors ?? []);
        var document = read.Document!;
        Assert.StartsWith("3.1", read.Diagnostic!.SpecificationVersion.ToString().Replace("OpenApi", "", StringComparison.Ordinal).Replace('_', '.'), StringComparison.Ordinal);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet()) ?? []);
        var routes = ApiRoutes.All.Where(r => r.Dialect.DocumentName == dialect).ToList();
        Assert.Equal(
            routes.Select(r => $"{r.Method} /{r.Template}").Order(),
            document.Paths.SelectMany(p => p.Value.Operations!.Keys.Select(m => $"{m.Method.ToUpperInvariant()} {p.Key}")).Order());
        Assert.Equal(SecuritySchemeType.Http, document.Components!.SecuritySchemes!["bearer"].Type);
        Assert.Equal("bearer", document.Components.SecuritySchemes["bearer"].Scheme);
        Assert.NotEmpty(document.Security!);
    }

    [Fact]
    public async Task Dify_answers_match_the_dify_document()
    {
        var api = await SchemasAsync("dify");
        var client = host.NewTenant().Client();

        var created = await api.AssertAsync("POST", "/v1/conversations", await client.PostAsync("/v1/conversations", Json("""{"user":"u","name":"n","inputs":{"a":[1]}}""")), HttpStatusCode.OK);
        var id = created!["id"]!.GetValue<string>();
        await api.AssertAsync("GET", "/v1/conversations", await client.GetAsync("/v1/conversations?user=u"), HttpStatusCode.OK);
        await api.AssertAsync("GET", "/v1/conversations", await client.GetAsync("/v1/conversations?limit=0"), HttpStatusCode.BadRequest);
        await api.AssertAsync("GET", "/v1/conversations", await host.CreateClient().GetAsync("/v1/conversations"), HttpStatusCode.Unauthorized);
        await api.AssertAsync("POST", "/v1/conversations/{conversation_id}/name", await client.PostAsync($"/v1/conversations/{id}/name", Json("""{"user":"u","name":"m"}""")), HttpStatusCode.OK);
        var variable = await api.AssertAsync("POST", "/v1/conversations/{conversation_id}/variables", await client.PostAsync($"/v1/conversations/{id}/variables", Json("""{"user":"u","name":"v","value_type":"object","value":{"x":1}}""")), HttpStatusCode.OK);
        await api.AssertAsync("GET", "/v1/conversations/{conversation_id}/variables", await client.GetAsync($"/v1/conversations/{id}/variables?user=u"), HttpStatusCode.OK);
        await api.AssertAsync("PUT", "/v1/conversations/{conversation_id}/variables/{variable_id}", await client.PutAsync($"/v1/conversations/{id}/variables/{variable!["id"]}", Json("""{"user":"u","value":{"y":2}}""")), HttpStatusCode.OK);
        var items = new HttpRequestMessage(HttpMethod.Post, $"/openai/v1/conversations/{id}/items")
        {
            Content = Json("""{"items":[{"role":"user","content":[{"type":"input_text","text":"q"},{"type":"input_image","image_url":"https://example.com/i.png"}]},{"role":"assistant","content":"a"}]}"""),
        };
        items.Headers.Add("x-ms-user-isolation-key", "u");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(items)).StatusCode);
        await api.AssertAsync("GET", "/v1/messages", await client.GetAsync($"/v1/messages?conversation_id={id}&user=u"), HttpStatusCode.OK);
        await api.AssertAsync("GET", "/v1/messages", await client.GetAsync($"/v1/messages?conversation_id={id}&user=u&first_id={Guid.CreateVersion7()}"), HttpStatusCode.NotFound);
        await api.AssertAsync("GET", "/v1/messages", await client.GetAsync("/v1/messages?user=u"), HttpStatusCode.BadRequest);
        await api.AssertAsync("DELETE", "/v1/conversations/{conversation_id}", await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/conversations/{id}") { Content = Json("""{"user":"u"}""") }), HttpStatusCode.NoContent);
        await api.AssertAsync("DELETE", "/v1/conversations/{conversation_id}", await client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, $"/v1/conversations/{id}") { Content = Json("""{"user":"u"}""") }), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task OpenAI_answers_match_the_openai_document()
    {
        var api = await SchemasAsync("openai");
        var client = host.NewTenant().Client();

        var created = await api.AssertAsync("POST", "/openai/v1/conversations", await client.PostAsync("/openai/v1/conversations", Json("""{"metadata":{"k":"v"}}""")), HttpStatusCode.OK);
        var id = created!["id"]!.GetValue<string>();
        await api.AssertAsync("GET", "/openai/v1/conversations", await client.GetAsync("/openai/v1/conversations"), HttpStatusCode.OK);
        await api.AssertAsync("GET", "/openai/v1/conversations", await client.GetAsync("/openai/v1/conversations?order=sideways"), HttpStatusCode.BadRequest);
        await api.AssertAsync("GET", "/openai/v1/conversations/{conversation_id}", await client.GetAsync($"/openai/v1/conversations/{id}"), HttpStatusCode.OK);
        await api.AssertAsync("POST", "/openai/v1/conversations/{conversation_id}", await client.PostAsync($"/openai/v1/conversations/{id}", Json("""{"metadata":{"k":"w"}}""")), HttpStatusCode.OK);
        var added = await api.AssertAsync("POST", "/openai/v1/conversations/{conversation_id}/items", await client.PostAsync($"/openai/v1/conversations/{id}/items", Json("""{"items":[{"role":"user","content":"hi"},{"type":"function_call","call_id":"c","name":"f","arguments":"{}"}]}""")), HttpStatusCode.OK);
        var itemId = added!["data"]![0]!["id"]!.GetValue<string>();
        await api.AssertAsync("POST", "/openai/v1/conversations/{conversation_id}/items", await client.PostAsync($"/openai/v1/conversations/{id}/items", Json("""{"items":[{"type":"unknown"}]}""")), HttpStatusCode.BadRequest);
        await api.AssertAsync("GET", "/openai/v1/conversations/{conversation_id}/items", await client.GetAsync($"/openai/v1/conversations/{id}/items?limit=1"), HttpStatusCode.OK);
        await api.AssertAsync("GET", "/openai/v1/conversations/{conversation_id}/items", await client.GetAsync($"/openai/v1/conversations/{id}/items?limit=0"), HttpStatusCode.BadRequest);
        await api.AssertAsync("GET", "/openai/v1/conversations/{conversation_id}/items/{item_id}", await client.GetAsync($"/openai/v1/conversations/{id}/items/{itemId}"), HttpStatusCode.OK);
        await api.AssertAsync("DELETE", "/openai/v1/conversations/{conversation_id}/items/{item_id}", await client.DeleteAsync($"/openai/v1/conversations/{id}/items/{itemId}"), HttpStatusCode.OK);
        await api.AssertAsync("GET", "/openai/v1/conversations/{conversation_id}/items/{item_id}", await client.GetAsync($"/openai/v1/conversations/{id}/items/{itemId}"), HttpStatusCode.NotFound);
        await api.AssertAsync("DELETE", "/openai/v1/conversations/{conversation_id}/items/{item_id}", await client.DeleteAsync($"/openai/v1/conversations/{id}/items/{itemId}"), HttpStatusCode.NotFound);
        await api.AssertAsync("DELETE", "/openai/v1/conversations/{conversation_id}", await client.DeleteAsync($"/openai/v1/conversations/{id}"), HttpStatusCode.OK);
        await api.AssertAsync("GET", "/openai/v1/conversations/{conversation_id}", await client.GetAsync($"/openai/v1/conversations/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Mielto_answers_match_the_mielto_document()
    {
        var api = await SchemasAsync("mielto");
        var client = host.NewTenant().Client();

        var created = await api.AssertAsync("POST", "/api/v1/conversations", await client.PostAsync("/api/v1/conversations", Json("""{"user_id":"u","title":"t","meta_data":{"n":1,"deep":{"a":[true]}},"settings":{"s":"x"}}""")), HttpStatusCode.Created);
        var id = created!["id"]!.GetValue<string>();
        await api.AssertAsync("POST", "/api/v1/conversations", await client.PostAsync("/api/v1/conversations", Json("""{"user_id":"u"}""")), HttpStatusCode.Created);
        await api.AssertAsync("GET", "/api/v1/conversations", await client.GetAsync("/api/v1/conversations?limit=1"), HttpStatusCode.OK);
        await api.AssertAsync("GET", "/api/v1/conversations", await client.GetAsync("/api/v1/conversations?limit=0"), HttpStatusCode.UnprocessableEntity);
        await api.AssertAsync("GET", "/api/v1/conversations/{conversation_id}", await client.GetAsync($"/api/v1/conversations/{id}"), HttpStatusCode.OK);
        await api.AssertAsync("PATCH", "/api/v1/conversations/{conversation_id}", await client.PatchAsync($"/api/v1/conversations/{id}", Json("""{"status":"archived","ended_at":"2026-01-01T00:00:00Z"}""")), HttpStatusCode.OK);
        await api.AssertAsync("DELETE", "/api/v1/conversations/{conversation_id}", await client.DeleteAsync($"/api/v1/conversations/{id}"), HttpStatusCode.NoContent);
        await api.AssertAsync("GET", "/api/v1/conversations/{conversation_id}", await client.GetAsync($"/api/v1/conversations/{id}"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_schema_check_rejects_a_body_its_document_does_not_describe()
    {
        var api = await SchemasAsync("dify");

        Assert.Empty(api.Errors("GET", "/v1/conversations", HttpStatusCode.OK, """{"limit":20,"has_more":false,"data":[]}"""));
        Assert.NotEmpty(api.Errors("GET", "/v1/conversations", HttpStatusCode.OK, """{"limit":20,"has_more":"no","data":[]}"""));
        Assert.NotEmpty(api.Errors("GET", "/v1/conversations", HttpStatusCode.OK, """{"limit":20,"has_more":false,"data":[{"id":"x"}]}"""));
        Assert.NotEmpty(api.Errors("GET", "/v1/conversations", HttpStatusCode.BadRequest, """{"status":"400","code":"invalid_param","message":"m"}"""));
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<string> DocumentAsync(string dialect)
    {
        var response = await host.CreateClient().GetAsync($"/openapi/{dialect}.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<DocumentSchemas> SchemasAsync(string dialect) => new(JsonNode.Parse(await DocumentAsync(dialect))!);

    /// <summary>The response schemas of a document, as JSON Schema 2020-12 (the dialect OpenAPI 3.1 uses).</summary>
    private sealed class DocumentSchemas(JsonNode document)
    {
        /// <summary>Asserts the status, that the document declares it for the operation, and that the body matches its schema; returns the body.</summary>
        public async Task<JsonNode?> AssertAsync(string method, string path, HttpResponseMessage response, HttpStatusCode status)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(status == response.StatusCode, $"{method} {path}: {(int)response.StatusCode} {body}");
            var declared = document["paths"]?[path]?[method.ToLowerInvariant()]?["responses"]?[((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)];
            Assert.True(declared is not null, $"{method} {path} does not declare {(int)status}");
            if (declared["content"]?["application/json"]?["schema"] is not { } schema)
            {
                Assert.Equal("", body);
                return null;
            }

            var errors = Errors(method, path, status, body);
            Assert.True(errors.Count == 0, $"{method} {path} {(int)status}: {body}\n{string.Join("\n", errors)}");
            return JsonNode.Parse(body);
        }

        /// <summary>Where <paramref name="body"/> breaks the schema the document gives the operation's <paramref name="status"/>; empty when it matches.</summary>
        public List<string> Errors(string method, string path, HttpStatusCode status, string body)
        {
            var schema = document["paths"]![path]![method.ToLowerInvariant()]!["responses"]![((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture)]!["content"]!["application/json"]!["schema"]!;
            var wrapped = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = document["components"]!["schemas"]!.DeepClone(),
                ["allOf"] = new JsonArray(schema.DeepClone()),
            };
            var json = JsonSchema.FromText(wrapped.ToJsonString().Replace("#/components/schemas/", "#/$defs/", StringComparison.Ordinal));
            using var instance = JsonDocument.Parse(body);
            var result = json.Evaluate(instance.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            return result.IsValid ? [] : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")];
        }
    }
}

public sealed class OpenApiDocumentTestsOnServer(SqliteApiHost host) : OpenApiDocumentTests<SqliteApiHost>(host);

[Collection(OnSharedFunctionsApp.Name)]
public sealed class OpenApiDocumentTestsOnFunctions(FunctionsApiHost host) : OpenApiDocumentTests<FunctionsApiHost>(host);
