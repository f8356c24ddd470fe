using Conversations.Bench;

// Usage:
//   Conversations.Bench depth   <server dll> [--conversations N] [--depths 0,1000,50000] [--requests R]
//   Conversations.Bench serving --server <dll> --baseline <dll> --functions-host <dll> --functions-app <dir> --functions-baseline <dir> --database <sqlite file> [--seconds S]
//   Conversations.Bench startup --server <dll> --baseline <dll> --functions-host <dll> --functions-app <dir> --functions-baseline <dir> --database <sqlite file> [--rounds R]
//   Conversations.Bench soak    --server <dll> [--seconds S]
//   Conversations.Bench cosmos  [--conversations N]
var report = args.FirstOrDefault() switch
{
    "depth" => await DepthBenchmark.RunAsync(BenchOptions.Parse(args[1..])),
    "serving" => await ServingBenchmark.RunAsync(ServingOptions.Parse(args[1..])),
    "startup" => await StartupBenchmark.RunAsync(ServingOptions.Parse(args[1..])),
    "soak" => await SoakBenchmark.RunAsync(BenchOptions.Required(args, "--server"), TimeSpan.FromSeconds(BenchOptions.Number(args, "--seconds", 180))),
    "cosmos" => await CosmosRoundTrips.RunAsync(BenchOptions.Number(args, "--conversations", 500)),
    _ => throw new ArgumentException("The first argument is depth, serving, startup, soak or cosmos."),
};
Console.WriteLine(report);
