using Microsoft.Extensions.Hosting;

namespace Conversations.Server;

/// <summary>How the server's host is built from its command line.</summary>
internal static class ServerOptions
{
    /// <summary>
    /// The host's options: its content root, where appsettings.json is read, is the one a
    /// <c>--contentRoot</c> argument or <c>DOTNET_CONTENTROOT</c>/<c>ASPNETCORE_CONTENTROOT</c> names,
    /// else the server's own folder. ASP.NET Core's default is the working directory, so a published
    /// server started from anywhere else would silently run without its appsettings.json (its
    /// address, its log levels).
    /// </summary>
    public static WebApplicationOptions FromArgs(string[] args)
    {
        var named = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.ContentRootKey];
        return new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = string.IsNullOrEmpty(named) ? AppContext.BaseDirectory : null,
        };
    }
}
