using Conversations.Bench;

// Usage: Conversations.Bench <server dll> [--conversations N] [--depths 0,1000,50000] [--requests R] [--out file.md]
var options = BenchOptions.Parse(args);
var report = await DepthBenchmark.RunAsync(options);
Console.WriteLine(report);
if (options.Output is { } output)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    await File.WriteAllTextAsync(output, report);
}
