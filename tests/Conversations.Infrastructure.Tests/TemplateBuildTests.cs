namespace Conversations.Infrastructure.Tests;

/// <summary>Every template that needs no registry module compiles with no error and no linter finding.</summary>
public sealed class TemplateBuildTests
{
    public static TheoryData<string> LocalTemplates() => new(Templates.LocalTemplates);

    [Theory]
    [MemberData(nameof(LocalTemplates))]
    public async Task Builds_with_no_error_and_no_linter_finding(string file)
    {
        var build = await Templates.BuildAsync(file);

        Assert.Empty(build.Diagnostics);
        Assert.NotNull(build.Template);
    }

    [Fact]
    public void Only_the_templates_that_call_registry_modules_are_left_to_a_build_with_registry_access()
    {
        var all = Directory.GetFiles(RepositoryFiles.Infra, "*.bicep", SearchOption.AllDirectories).Select(Path.GetFileName);

        // main.bicep and api.bicep call Azure Verified Modules; what they configure lives in local modules.
        Assert.Equal(["api.bicep", "main.bicep"], all.Except(Templates.LocalTemplates).Order(StringComparer.Ordinal));
        Assert.Contains("api-config.bicep", Templates.LocalTemplates);
    }
}
