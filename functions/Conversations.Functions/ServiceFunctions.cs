using Conversations.Api.Health;
using Conversations.Api.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Conversations.Functions;

/// <summary>What the app serves beside the API: the health probes and the OpenAPI documents.</summary>
public static class ServiceFunctions
{
    [Function("Liveness")]
    public static Task Liveness([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HealthProbes.LivenessPath)] HttpRequest request) =>
        HealthProbes.WriteLivenessAsync(request.HttpContext);

    [Function("Readiness")]
    public static Task Readiness([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = HealthProbes.ReadinessPath)] HttpRequest request) =>
        HealthProbes.WriteReadinessAsync(request.HttpContext);

    /// <summary>
    /// The OpenAPI document of a dialect. Function routes are not ASP.NET Core endpoints, so the
    /// documents are written when the self-hosted server is built and ship in this app's output.
    /// </summary>
    [Function("OpenApiDocument")]
    public static async Task OpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/{document}.json")] HttpRequest request, string document)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!Dialects.All.Any(d => d.DocumentName == document))
        {
            await ErrorPages.WriteAsync(request.HttpContext, StatusCodes.Status404NotFound);
            return;
        }

        ResponseHeaders.Apply(request.HttpContext.Response);
        request.HttpContext.Response.ContentType = "application/json;charset=utf-8";
        await request.HttpContext.Response.SendFileAsync(Path.Combine(AppContext.BaseDirectory, "openapi", document + ".json"));
    }
}
