using System.Text.RegularExpressions;

namespace Conversations.Infrastructure.Tests;

/// <summary>
/// Role ids: ARM accepts any GUID in a role assignment and fails only at deployment, with
/// RoleDefinitionDoesNotExist, so each one the templates grant is compared with the published id.
/// </summary>
public sealed partial class RoleTemplateTests
{
    // Azure's built-in roles as published (learn.microsoft.com/azure/role-based-access-control/built-in-roles)
    // and Cosmos DB's data-plane roles (learn.microsoft.com/azure/cosmos-db/nosql/security/reference-data-plane-roles).
    private static readonly Dictionary<string, string> PublishedRoles = new()
    {
        ["Storage Blob Data Owner"] = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
        ["Storage Queue Data Contributor"] = "974c5e8b-45b9-4653-ba55-5f855dd0fb88",
        ["Storage Table Data Contributor"] = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
        ["Storage Table Data Reader"] = "76199698-9eea-4c19-bc75-cec21354c6b6",
        ["Monitoring Metrics Publisher"] = "3913510d-42f4-4e42-8a64-420c390055eb",
        ["Key Vault Secrets User"] = "4633458b-17de-408a-b874-0445c86b69e6",
        ["Cosmos DB Built-in Data Contributor"] = "00000000-0000-0000-0000-000000000002",
    };

    [Fact]
    public async Task Every_role_id_is_the_published_id_of_the_role_it_is_named_after()
    {
        var roles = await RolesAsync();
        var published = PublishedRoles.ToDictionary(r => RoleWords(r.Key), r => r.Value);

        Assert.All(roles, role =>
        {
            Assert.True(published.TryGetValue(RoleWords(role.Key), out var id), $"no published role named '{role.Key}'");
            Assert.Equal(id, role.Value);
        });
        // Each role the app needs (host storage, telemetry, the signing key, the data) is there.
        Assert.Equal(published.Keys.Order(), roles.Keys.Select(RoleWords).Order());
    }

    [Fact]
    public async Task Every_role_is_granted_and_no_template_grants_a_role_by_an_inline_id()
    {
        var roles = await RolesAsync();
        var granting = (await Templates.AllBuildsAsync()).Where(b => Path.GetFileName(b.File) != "roles.bicep").ToList();

        foreach (var build in granting)
        {
            // Role ids reach a compiled template only as the imported variables (roles.bicep).
            var text = build.Compiled["variables"] is { } variables ? build.Text.Replace(BicepBuild.TextOf(variables), "", StringComparison.Ordinal) : build.Text;
            Assert.DoesNotMatch(Guid(), text);
        }

        var referenced = granting.SelectMany(b => RoleReference().Matches(b.Text).Select(m => m.Groups[1].Value)).ToHashSet();
        Assert.Equal(roles.Keys.Order(), referenced.Order());
    }

    private static async Task<Dictionary<string, string>> RolesAsync() =>
        (await Templates.ValueAsync("builtInRoles")).AsObject()
            .Concat((await Templates.ValueAsync("cosmosDataRoles")).AsObject())
            .ToDictionary(r => r.Key, r => (string)r.Value!);

    /// <summary>"storageQueueDataContributor" and "Storage Queue Data Contributor" both give "storage queue data contributor".</summary>
    private static string RoleWords(string name) =>
        string.Join(' ', CamelCaseWord().Matches(name.Replace("-", " ", StringComparison.Ordinal)).Select(m => m.Value.ToLowerInvariant()));

    // A word of a camelCase or spaced name: "DB" and "Db" both count as one word.
    [GeneratedRegex(@"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")]
    private static partial Regex CamelCaseWord();

    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"variables\('(?:builtInRoles|cosmosDataRoles)'\)\.(\w+)")]
    private static partial Regex RoleReference();
}
