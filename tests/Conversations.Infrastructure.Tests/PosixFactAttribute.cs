namespace Conversations.Infrastructure.Tests;

/// <summary>
/// A test that runs a posix shell script under <c>sh</c>, which Windows does not have; there azd runs
/// the hook's PowerShell twin instead (azure.yaml's <c>windows</c> entry).
/// </summary>
public sealed class PosixFactAttribute : FactAttribute
{
    public PosixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Runs a posix script under sh, which Windows lacks; azd runs the PowerShell hook there.";
        }
    }
}
