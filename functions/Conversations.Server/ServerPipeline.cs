using Azure.Monitor.OpenTelemetry.AspNetCore;
using Conversations.Api.Auth;
using Conversations.Api.Composition;
using Conversations.Api.Health;
using Conversations.Api.Http;
using Conversations.Api.Telemetry;
using Conversations.Server.OpenApi;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Scalar.AspNetCore;

namespace Conversations.Server;

/// <summary>The self-hosted server's services and middleware, around the API both hosts share.</summary>
internal static class ServerPipeline
{
    // What a request line and the headers may take. Kestrel's own limits answer with an empty body, so
    // Kestrel is allowed twice as much and these limits are enforced below, with a body in the
    // dialect's envelope; only a request beyond Kestrel's raised limits gets its bare answer.
    private const int MaxRequestTargetLength = 8 * 1024;
    private const int MaxHeadersLength = 32 * 1024;

    public static WebApplicationBuilder AddConversationsServer(this WebApplicationBuilder builder)
    {
        if (BuildTimeGeneration.IsRunning)
        {
            builder.Configuration.AddInMemoryCollection(BuildTimeGeneration.Settings);
        }

        builder.Services.Configure<KestrelServerOptions>(kestrel =>
        {
            kestrel.Limits.MaxRequestLineSize = 2 * MaxRequestTargetLength;
            kestrel.Limits.MaxRequestHeadersTotalSize = 2 * MaxHeadersLength;
        });
        builder.Services.AddConversationsApi(builder.Configuration, builder.Environment);
        builder.Services.AddDevelopmentApiKey(builder.Environment);
        builder.Services.AddApiDocuments();
        builder.AddTelemetry();
        return builder;
    }

    /// <summary>OpenTelemetry, with this host's ASP.NET Core instrumentation, when an exporter is configured.</summary>
    private static void AddTelemetry(this WebApplicationBuilder builder)
    {
        if (!TelemetryServiceCollectionExtensions.IsExported(builder.Configuration))
        {
            return;
        }

        var telemetry = builder.Services.AddConversationsTelemetry(builder.Configuration);
        if (TelemetryServiceCollectionExtensions.ExportsToAzureMonitor(builder.Configuration))
        {
            // The distro brings the ASP.NET Core instrumentation with it.
            telemetry.UseAzureMonitor();
            builder.Services.SignInToAzureMonitor<AzureMonitorOptions>(builder.Configuration, (o, credential) => o.Credential = credential);
        }
        else
        {
            telemetry.WithTracing(t => t.AddAspNetCoreInstrumentation()).WithMetrics(m => m.AddAspNetCoreInstrumentation());
        }
    }

    public static WebApplication UseConversationsServer(this WebApplication app)
    {
        // Anything unexpected answers in the dialect's envelope (or as a problem), never with a stack trace.
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => ErrorPages.WriteAsync(context, StatusCodes.Status500InternalServerError),
        });
        app.Use((context, next) =>
        {
            ResponseHeaders.Apply(context.Response);
            return next(context);
        });
        app.UseStatusCodePages(context => ErrorPages.WriteAsync(context.HttpContext, context.HttpContext.Response.StatusCode));
        app.Use(EnforceRequestLimits);
        app.UseRouting();
        app.UseApiPipeline();
        app.MapConversationsApi();
        app.MapOpenApi(ApiDocuments.RoutePattern);
        app.MapGet("/" + HealthProbes.LivenessPath, HealthProbes.WriteLivenessAsync).ExcludeFromDescription();
        app.MapGet("/" + HealthProbes.ReadinessPath, HealthProbes.WriteReadinessAsync).ExcludeFromDescription();
        if (app.Environment.IsDevelopment())
        {
            // An API reference to browse and try the three documents, for people running it locally.
            app.MapScalarApiReference("/scalar", options => options
                .WithOpenApiRoutePattern(ApiDocuments.RoutePattern)
                .AddDocuments(Dialects.All.Select(d => d.DocumentName)));
        }

        return app;
    }

    private static Task EnforceRequestLimits(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if ((request.Path.Value?.Length ?? 0) + (request.QueryString.Value?.Length ?? 0) > MaxRequestTargetLength)
        {
            return ErrorPages.WriteAsync(context, StatusCodes.Status414UriTooLong);
        }

        var headers = 0;
        foreach (var (name, values) in request.Headers)
        {
            headers += name.Length;
            foreach (var value in values)
            {
                headers += value?.Length ?? 0;
            }
        }

        return headers > MaxHeadersLength ? ErrorPages.WriteAsync(context, StatusCodes.Status431RequestHeaderFieldsTooLarge) : next(context);
    }
}
