// TEST-ONLY copies of the extension methods Program.cs calls, each in the namespace and class the
// real package declares it in (see README.md here); they only have to compile, so they do nothing.
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Azure.Functions.Worker.Builder
{
    // Microsoft.Azure.Functions.Worker.Extensions.Http.AspNetCore
    public static class FunctionsApplicationBuilderAspNetCoreExtensions
    {
        public static FunctionsApplicationBuilder ConfigureFunctionsWebApplication(this FunctionsApplicationBuilder builder) => builder;
    }
}

namespace Microsoft.Azure.Functions.Worker
{
    // Microsoft.Azure.Functions.Worker.ApplicationInsights
    public static class FunctionsApplicationInsightsExtensions
    {
        public static IServiceCollection ConfigureFunctionsApplicationInsights(this IServiceCollection services) => services;
    }
}

namespace Microsoft.Extensions.DependencyInjection
{
    // Microsoft.ApplicationInsights.WorkerService
    public static class ApplicationInsightsExtensions
    {
        public static IServiceCollection AddApplicationInsightsTelemetryWorkerService(this IServiceCollection services) => services;
    }
}
