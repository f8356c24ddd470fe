using Conversations.Api.Composition;
using Conversations.Server;

if (KeysCommand.Handles(args))
{
    return await KeysCommand.RunAsync(args, Console.Out, Console.Error);
}

var builder = WebApplication.CreateSlimBuilder(args);
builder.Services.AddProblemDetails();
builder.Services.AddConversationsApi(builder.Configuration, builder.Environment);

var app = builder.Build();
// Anything unexpected answers a bare 500 problem, never a stack trace, in every environment.
app.UseExceptionHandler();
app.MapConversationsApi();
app.Run();
return 0;

/// <summary>The server's entry point; public so tests can host it with WebApplicationFactory.</summary>
public partial class Program;
