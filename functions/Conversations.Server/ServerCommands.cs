using System.CommandLine;

namespace Conversations.Server;

/// <summary>
/// The commands the server's executable runs instead of serving: <c>keys …</c> and <c>data …</c>. Each
/// reads the server's own configuration (appsettings, environment variables), so it acts on what a
/// server started with the same settings uses.
/// </summary>
public static class ServerCommands
{
    public static bool Handles(IReadOnlyList<string> args) => args is ["keys" or "data", ..];

    /// <param name="settings">Settings laid over the server's configuration (tests use them in place of environment variables).</param>
    /// <param name="input">Where a confirmation is read from; default: nothing (no confirmation is given).</param>
    public static Task<int> RunAsync(
        IReadOnlyList<string> args, TextWriter output, TextWriter error,
        IEnumerable<KeyValuePair<string, string?>>? settings = null, TextReader? input = null, CancellationToken cancellationToken = default)
    {
        var root = new RootCommand("Conversations API server. Without a command it serves the API.")
        {
            KeysCommand.Create(settings, output, error),
            DataCommand.Create(settings, input ?? TextReader.Null, output, error),
        };
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    /// <summary>The server's configuration sources, without its command line (that is the command's).</summary>
    internal static IConfiguration Configuration(IEnumerable<KeyValuePair<string, string?>>? settings)
    {
        var builder = WebApplication.CreateSlimBuilder(ServerOptions.FromArgs([]));
        builder.Configuration.AddInMemoryCollection(settings ?? []);
        return builder.Configuration;
    }

    /// <summary>Services for a command: logs at Warning and above, on standard error, so standard output is the command's own.</summary>
    internal static IServiceCollection Services() => new ServiceCollection()
        .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
