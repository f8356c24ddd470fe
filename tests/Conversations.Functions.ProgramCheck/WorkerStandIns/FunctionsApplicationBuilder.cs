// TEST-ONLY copy of the public surface of Microsoft.Azure.Functions.Worker.Builder.FunctionsApplicationBuilder
// (Microsoft.Azure.Functions.Worker); see README.md here. The real builder also implements the worker's
// IFunctionsWorkerApplicationBuilder (middleware), which Program.cs does not use.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Microsoft.Azure.Functions.Worker.Builder;

public class FunctionsApplicationBuilder : IHostApplicationBuilder
{
    private readonly HostApplicationBuilder _builder;

    internal FunctionsApplicationBuilder(string[]? args) => _builder = Host.CreateApplicationBuilder(args);

    public IDictionary<object, object> Properties => ((IHostApplicationBuilder)_builder).Properties;

    IConfigurationManager IHostApplicationBuilder.Configuration => Configuration;

    public ConfigurationManager Configuration => _builder.Configuration;

    public IHostEnvironment Environment => _builder.Environment;

    public ILoggingBuilder Logging => _builder.Logging;

    public IMetricsBuilder Metrics => _builder.Metrics;

    public IServiceCollection Services => _builder.Services;

    public IHost Build() => _builder.Build();

    public void ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
        where TContainerBuilder : notnull => _builder.ConfigureContainer(factory, configure);
}
