using System.Globalization;

namespace Conversations.Bench;

/// <summary>The depth benchmark's command line.</summary>
internal sealed record BenchOptions(string ServerDll, int Conversations, IReadOnlyList<int> Depths, int Requests)
{
    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || !File.Exists(args[0]))
        {
            throw new ArgumentException("The first argument must be the path of Conversations.Server.dll.");
        }

        var depths = Value(args, "--depths")?.Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToList() ?? [0, 1_000, 50_000];
        return new BenchOptions(args[0], Number(args, "--conversations", 200_000), depths, Number(args, "--requests", 200));
    }

    public static int Number(string[] args, string name, int fallback) =>
        Value(args, name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public static string Required(string[] args, string name) =>
        Value(args, name) ?? throw new ArgumentException($"{name} is required.");

    private static string? Value(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}

/// <summary>
/// The published builds the serving and start-up benchmarks run: the server, the baseline, the
/// local Functions host, the Functions app and the Functions baseline app, over a seeded SQLite file.
/// </summary>
internal sealed record ServingOptions(
    string ServerDll, string BaselineDll, string FunctionsHostDll, string FunctionsAppDirectory, string FunctionsBaselineDirectory, string Database, TimeSpan WarmUp, TimeSpan Duration, int Rounds)
{
    public static ServingOptions Parse(string[] args) => new(
        BenchOptions.Required(args, "--server"),
        BenchOptions.Required(args, "--baseline"),
        BenchOptions.Required(args, "--functions-host"),
        BenchOptions.Required(args, "--functions-app"),
        BenchOptions.Required(args, "--functions-baseline"),
        Path.GetFullPath(BenchOptions.Required(args, "--database")),
        TimeSpan.FromSeconds(BenchOptions.Number(args, "--warm-up", 5)),
        TimeSpan.FromSeconds(BenchOptions.Number(args, "--seconds", 5)),
        BenchOptions.Number(args, "--rounds", 7));
}
