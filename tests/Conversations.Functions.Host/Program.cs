using System.Net;
using Conversations.Functions.Host;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// A local Functions host for HTTP triggers (see FunctionsHost):
//   dotnet run --project tests/Conversations.Functions.Host -- --app <Functions app build output> --port <port>
//     [--settings <local.settings.json>] [--exit-when-input-closes]
if (HostArguments.Parse(args, Console.Error) is not { } arguments)
{
    return 2;
}

ListenOptions? requestsEndpoint = null, workerEndpoint = null;
var builder = WebApplication.CreateSlimBuilder();
builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
// The frameworks' own per-request and per-stream messages would drown the worker's logs, and their
// "listening on" lines (ours and the worker's) would hide the one line that says where to send requests.
builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
builder.Logging.AddFilter("Grpc", LogLevel.Warning);
builder.Logging.AddFilter("Yarp", LogLevel.Warning);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    // Requests on HTTP/1.1 at the port asked for; the worker's stream on HTTP/2 without TLS (it
    // dials http://), on a free port of its own.
    kestrel.Listen(IPAddress.Loopback, arguments.Port, listen => (requestsEndpoint = listen).Protocols = HttpProtocols.Http1);
    kestrel.Listen(IPAddress.Loopback, 0, listen => (workerEndpoint = listen).Protocols = HttpProtocols.Http2);
});
builder.Services.AddGrpc(grpc => (grpc.MaxReceiveMessageSize, grpc.MaxSendMessageSize) = (null, null));
builder.Services.AddHttpForwarder();
builder.Services.AddSingleton<WorkerChannel>();
builder.Services.AddSingleton<FunctionRequests>();

await using var app = builder.Build();
app.MapGrpcService<FunctionRpcService>();
app.MapFallback("{*path}", app.Services.GetRequiredService<FunctionRequests>().ServeAsync);
try
{
    await app.StartAsync();
}
catch (IOException e)
{
    Console.Error.WriteLine($"Cannot listen on 127.0.0.1:{arguments.Port}: {e.Message}");
    return 1;
}

return await new FunctionsHost(app, arguments).RunAsync(requestsEndpoint!.IPEndPoint!, workerEndpoint!.IPEndPoint!);
