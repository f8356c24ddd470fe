using System.Globalization;

namespace Conversations.Bench;

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

    private static string? Value(string[] args, string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
}
