// Answers GET /baseline with the bytes of the file named by BASELINE_BODY: what the framework costs
// for a response of the same size as a real list page, with no auth, store or serialization.
var body = await File.ReadAllBytesAsync(Environment.GetEnvironmentVariable("BASELINE_BODY")
    ?? throw new InvalidOperationException("Set BASELINE_BODY to the response file."));
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/baseline", () => Results.Bytes(body, "application/json"));
app.Run();
