namespace Conversations.Infrastructure.Tests;

/// <summary>
/// Where the tests find the Bicep CLI: the package the build downloaded for this platform, else an
/// installed one, else a failure that says what to install (never a silent skip).
/// </summary>
public sealed class BicepCliTests : IDisposable
{
    private static readonly string Name = OperatingSystem.IsWindows() ? "bicep.exe" : "bicep";
    private readonly string _root = Directory.CreateTempSubdirectory("bicep-locate-").FullName;

    [Fact]
    public void The_build_downloads_the_package_for_the_platform_it_runs_on()
    {
        var packagePath = typeof(BicepCli).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyMetadataAttribute), false)
            .Cast<System.Reflection.AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value;

        var rid = $"{(OperatingSystem.IsWindows() ? "win" : OperatingSystem.IsMacOS() ? "osx" : "linux")}-{System.Runtime.InteropServices.RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant()}";
        Assert.Contains($"azure.bicep.commandline.{rid}", packagePath, StringComparison.Ordinal);
        Assert.True(File.Exists(packagePath), packagePath);
    }

    [Fact]
    public void The_package_comes_first_then_the_path_then_the_azure_cli_install()
    {
        var package = Touch("package", Name);
        var onPath = Touch("on-path", Name);
        var azure = Touch("home", ".azure", "bin", Name);
        var path = string.Join(Path.PathSeparator, Path.Combine(_root, "empty"), Path.GetDirectoryName(onPath));
        var home = Path.Combine(_root, "home");

        Assert.Equal(package, BicepCli.Locate(package, path, home));
        Assert.Equal(onPath, BicepCli.Locate(Path.Combine(_root, "not-downloaded", Name), path, home));
        Assert.Equal(azure, BicepCli.Locate(null, Path.Combine(_root, "empty"), home));
    }

    [Fact]
    public void Without_any_Bicep_CLI_the_failure_says_what_to_install()
    {
        var error = Assert.Throws<InvalidOperationException>(() => BicepCli.Locate(null, Path.Combine(_root, "empty"), Path.Combine(_root, "home")));

        Assert.Contains("az bicep install", error.Message, StringComparison.Ordinal);
        Assert.Contains("Azure.Bicep.CommandLine", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Touch(params string[] parts)
    {
        var file = Path.Combine([_root, .. parts]);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, "");
        return file;
    }
}
