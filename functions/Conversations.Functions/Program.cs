using Azure.Monitor.OpenTelemetry.Exporter;
using Conversations.Api.Composition;
using Conversations.Api.Telemetry;
using Conversations.Functions;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddConversationsApi(builder.Configuration, builder.Environment);
if (TelemetryServiceCollectionExtensions.IsExported(builder.Configuration))
{
    var telemetry = builder.Services.AddConversationsTelemetry(builder.Configuration).UseFunctionsWorkerDefaults();
    if (TelemetryServiceCollectionExtensions.ExportsToAzureMonitor(builder.Configuration))
    {
        telemetry.UseAzureMonitorExporter();
        builder.Services.SignInToAzureMonitor<AzureMonitorExporterOptions>(builder.Configuration, (o, credential) => o.Credential = credential);
    }
}

builder.Services.AddSingleton<FunctionEndpoints>();
builder.Build().Run();
