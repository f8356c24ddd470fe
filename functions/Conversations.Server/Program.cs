using Conversations.Server;

var builder = WebApplication.CreateSlimBuilder(args);
builder.AddConversationsServer();
var app = builder.Build();
app.UseConversationsServer();
app.Run();

/// <summary>The server's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
