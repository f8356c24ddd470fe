namespace Conversations.Infrastructure.Tests;

/// <summary>
/// Least privilege on the API key registry, read from the compiled templates: the app's identity may
/// read the keys table and write only the table where it records key use; only the deploying
/// principal may write keys; host storage, where the app writes tables, holds no keys.
/// </summary>
public sealed class KeyRegistryTemplateTests
{
    private const string AppPrincipal = "[parameters('appPrincipalId')]";
    private const string UserPrincipal = "[parameters('userPrincipalId')]";

    [Fact]
    public async Task The_app_can_only_read_the_keys_table_and_write_the_usage_table()
    {
        var registry = await Templates.BuildAsync("keyregistry.bicep");

        var app = Assignments(registry).Where(a => a.Principal == AppPrincipal).Select(a => (a.Role, a.Scope)).Order().ToList();

        Assert.Equal(
            [
                ("storageTableDataContributor", TableScope("usageTableName")),
                ("storageTableDataReader", TableScope("keysTableName")),
            ],
            app);
    }

    [Fact]
    public async Task Only_the_deploying_principal_may_write_keys()
    {
        var registry = await Templates.BuildAsync("keyregistry.bicep");

        var writers = Assignments(registry).Where(a => a.Role == "storageTableDataContributor" && a.Scope != TableScope("usageTableName")).ToList();

        var writer = Assert.Single(writers);
        Assert.Equal(UserPrincipal, writer.Principal);
        Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('name'))]", writer.Scope);
        Assert.Equal("[not(empty(parameters('userPrincipalId')))]", writer.Condition);
    }

    [Fact]
    public async Task The_registry_account_takes_no_account_key_and_creates_both_tables_the_app_expects()
    {
        var registry = await Templates.BuildAsync("keyregistry.bicep");

        var account = Assert.Single(registry.Resources, r => (string?)r["type"] == "Microsoft.Storage/storageAccounts");
        var tables = registry.Resources.Where(r => (string?)r["type"] == "Microsoft.Storage/storageAccounts/tableServices/tables").ToList();
        var variables = registry.Compiled["variables"]!.AsObject();

        Assert.False((bool)account["properties"]!["allowSharedKeyAccess"]!);
        Assert.Equal(2, tables.Count);
        // The app's defaults (Auth__KeyStore__Tables__TableName and __UsageTableName) name these tables.
        Assert.Equal(Conversations.Keys.KeyStoreOptions.DefaultTableName, (string?)variables["keysTableName"]);
        Assert.Equal(Conversations.Keys.KeyStoreOptions.DefaultUsageTableName, (string?)variables["usageTableName"]);
    }

    [Fact]
    public async Task Host_storage_grants_the_user_no_table_role_and_main_points_the_app_at_the_registry_account()
    {
        var rbac = await Templates.BuildAsync("rbac.bicep");
        var main = RepositoryFiles.Read("infra", "main.bicep");

        var userRoles = Assert.Single(rbac.Resources, r => (string?)r["properties"]?["principalId"] == UserPrincipal);

        Assert.DoesNotContain("storageTableData", BicepBuild.TextOf(userRoles), StringComparison.Ordinal);
        Assert.Contains("keyRegistryTableEndpoint: keyRegistry.outputs.tableEndpoint", main, StringComparison.Ordinal);
        Assert.Contains("output AZURE_STORAGE_TABLE_ENDPOINT string = keyRegistry.outputs.tableEndpoint", main, StringComparison.Ordinal);
    }

    private static string TableScope(string table) =>
        $"[resourceId('Microsoft.Storage/storageAccounts/tableServices/tables', parameters('name'), 'default', variables('{table}'))]";

    private static IEnumerable<(string Principal, string Role, string Scope, string? Condition)> Assignments(BicepBuild build) =>
        build.Resources.Where(r => (string?)r["type"] == "Microsoft.Authorization/roleAssignments").Select(r => (
            (string)r["properties"]!["principalId"]!,
            RoleName((string)r["properties"]!["roleDefinitionId"]!),
            (string)r["scope"]!,
            (string?)r["condition"]));

    // "[subscriptionResourceId('…roleDefinitions', variables('builtInRoles').storageTableDataReader)]" → "storageTableDataReader"
    private static string RoleName(string roleDefinitionId) => roleDefinitionId.Split("variables('builtInRoles').")[1].TrimEnd(')', ']');
}
