namespace Conversations.Testing;

/// <summary>Where this test run built the repository's other projects.</summary>
public static class BuildOutput
{
    /// <summary>
    /// This test run's build of a project: its bin/&lt;Configuration&gt;/&lt;framework&gt;, like the test's
    /// own. A test project that runs it references it with <c>ReferenceOutputAssembly="false"</c>, so
    /// that it is built first.
    /// </summary>
    public static string Of(string folder, string project)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        for (var dir = testOutput; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
            {
                var output = Path.Combine(dir.FullName, folder, project, "bin", configuration, framework);
                return File.Exists(Path.Combine(output, project + ".dll"))
                    ? output
                    : throw new InvalidOperationException($"{project} is not built in {output}: reference it from the test project with ReferenceOutputAssembly=\"false\" so that it is built first.");
            }
        }

        throw new InvalidOperationException("Serverless.sln was not found above the test output folder.");
    }
}
