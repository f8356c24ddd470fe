using Conversations.Server;

if (ServerCommands.Handles(args))
{
    return await ServerCommands.RunAsync(args, Console.Out, Console.Error, input: Console.In);
}

var builder = WebApplication.CreateSlimBuilder(ServerOptions.FromArgs(args));
builder.AddConversationsServer();
var app = builder.Build();
app.UseConversationsServer();
app.Run();
return 0;

/// <summary>The server's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
