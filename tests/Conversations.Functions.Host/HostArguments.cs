using System.Globalization;

namespace Conversations.Functions.Host;

/// <summary>The host's command line.</summary>
internal sealed record HostArguments(string AppDirectory, int Port, string? SettingsFile, bool ExitWhenInputCloses)
{
    public const string Usage =
        "usage: Conversations.Functions.Host --app <Functions app build output> --port <port> [--settings <local.settings.json>] [--exit-when-input-closes]";

    /// <summary>The arguments, or null after writing what is wrong to <paramref name="error"/>.</summary>
    public static HostArguments? Parse(IReadOnlyList<string> args, TextWriter error)
    {
        string? app = null, port = null, settings = null;
        var exitWhenInputCloses = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--app" when i + 1 < args.Count: app = args[++i]; break;
                case "--port" when i + 1 < args.Count: port = args[++i]; break;
                case "--settings" when i + 1 < args.Count: settings = args[++i]; break;
                case "--exit-when-input-closes": exitWhenInputCloses = true; break;
                default:
                    return Fail(error, $"unknown or incomplete argument '{args[i]}'");
            }
        }

        if (app is null || port is null)
        {
            return Fail(error, "--app and --port are required");
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number > 65535)
        {
            return Fail(error, $"--port must be a port number (0 picks a free one), not '{port}'");
        }

        app = Path.GetFullPath(app);
        if (!File.Exists(Path.Combine(app, WorkerConfig.FileName)))
        {
            return Fail(error, $"{app} has no {WorkerConfig.FileName}: --app must be a Functions app's build output folder");
        }

        if (settings is not null && !File.Exists(settings))
        {
            return Fail(error, $"the settings file {settings} does not exist");
        }

        return new HostArguments(app, number, settings, exitWhenInputCloses);
    }

    private static HostArguments? Fail(TextWriter error, string problem)
    {
        error.WriteLine(problem);
        error.WriteLine(Usage);
        return null;
    }
}
