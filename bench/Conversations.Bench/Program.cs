using Conversations.Bench;

// Usage:
//   Conversations.Bench depth   <server dll> [--conversations N] [--depths 0,1000,50000] [--requests R]
//   Conversations.Bench serving <server dll> <baseline dll> <sqlite file> [--seconds S]
//   Conversations.Bench cosmos  [--conversations N]
var report = args.FirstOrDefault() switch
{
    "depth" => await DepthBenchmark.RunAsync(BenchOptions.Parse(args[1..])),
    "serving" => await ServingBenchmark.RunAsync(args[1], args[2], args[3], TimeSpan.FromSeconds(BenchOptions.Number(args, "--seconds", 10))),
    "cosmos" => await CosmosRoundTrips.RunAsync(BenchOptions.Number(args, "--conversations", 500)),
    _ => throw new ArgumentException("The first argument is depth, serving or cosmos."),
};
Console.WriteLine(report);
