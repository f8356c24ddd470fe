using System.Globalization;

namespace Conversations.Bench;

internal sealed record BenchOptions(string ServerDll, int Conversations, IReadOnlyList<int> Depths, int Requests, string? Output)
{
    public static BenchOptions Parse(string[] args)
    {
        if (args.Length == 0 || !File.Exists(args[0]))
        {
            throw new ArgumentException("The first argument must be the path of Conversations.Server.dll.");
        }

        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var depths = Value("--depths")?.Split(',').Select(d => int.Parse(d, CultureInfo.InvariantCulture)).ToList() ?? [0, 1_000, 50_000];
        return new BenchOptions(args[0], Number("--conversations", 200_000), depths, Number("--requests", 200), Value("--out"));
    }
}
