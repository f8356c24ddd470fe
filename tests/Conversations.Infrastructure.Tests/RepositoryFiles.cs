namespace Conversations.Infrastructure.Tests;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class RepositoryFiles
{
    public static string Root { get; } = FindRoot();

    public static string Infra { get; } = System.IO.Path.Combine(Root, "infra");

    public static string Path(params string[] parts) => System.IO.Path.Combine([Root, .. parts]);

    public static string Read(params string[] parts) => File.ReadAllText(Path(parts));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "Serverless.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Serverless.sln not found above the test output.");
    }
}
