using Conversations.Bench;

// Usage:
//   Conversations.Bench depth   <server dll> [--conversations N] [--depths 0,1000,50000] [--requests R]
//   Conversations.Bench serving --server <dll> --baseline <dll> --functions-host <dll> --functions-app <dir> --database <sqlite file> [--seconds S]
//   Conversations.Bench startup --server <dll> --baseline <dll> --functions-host <dll> --functions-app <dir> --database <sqlite file> [--rounds R]
//   Conversations.Bench cosmos  [--conversations N]
var report = args.FirstOrDefault() switch
{
    "depth" => await DepthBenchmark.RunAsync(BenchOptions.Parse(args[1..])),
    "serving" => await ServingBenchmark.RunAsync(ServingOptions.Parse(args[1..])),
    "startup" => await StartupBenchmark.RunAsync(ServingOptions.Parse(args[1..])),
    "cosmos" => await CosmosRoundTrips.RunAsync(BenchOptions.Number(args, "--conversations", 500)),
    _ => throw new ArgumentException("The first argument is depth, serving, startup or cosmos."),
};
Console.WriteLine(report);
