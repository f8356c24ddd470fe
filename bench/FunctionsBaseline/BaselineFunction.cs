using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace FunctionsBaseline;

/// <summary>Answers GET /baseline with the bytes of the file named by BASELINE_BODY, read once.</summary>
public static class BaselineFunction
{
    private static readonly byte[] Body = File.ReadAllBytes(Environment.GetEnvironmentVariable("BASELINE_BODY")
        ?? throw new InvalidOperationException("Set BASELINE_BODY to the response file."));

    [Function("Baseline")]
    public static Task Baseline([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "baseline")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var response = request.HttpContext.Response;
        response.ContentType = "application/json";
        response.ContentLength = Body.Length;
        return response.Body.WriteAsync(Body).AsTask();
    }
}
