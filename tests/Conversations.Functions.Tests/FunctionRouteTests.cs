using System.Reflection;
using System.Text.RegularExpressions;
using Conversations.Api.Http;
using Conversations.Functions;
using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;

namespace Conversations.Functions.Tests;

/// <summary>The Functions app and the route table describe the same API, entry for entry.</summary>
public sealed partial class FunctionRouteTests
{
    private static readonly Type[] FunctionClasses = [typeof(DifyFunctions), typeof(OpenAIFunctions), typeof(MieltoFunctions)];

    private static IEnumerable<(MethodInfo Method, FunctionAttribute Function, HttpTriggerAttribute Trigger)> Functions() =>
        from type in FunctionClasses
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Static)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!
        select (method, function, trigger);

    [Fact]
    public void Every_route_has_exactly_one_function_with_its_name_method_and_template()
    {
        var functions = Functions().ToList();

        foreach (var route in ApiRoutes.All)
        {
            var match = Assert.Single(functions, f => f.Function.Name == route.Name);
            Assert.Equal(route.Template, match.Trigger.Route);
            Assert.Equal([route.Method], match.Trigger.Methods!.Select(m => m.ToUpperInvariant()));
        }

        Assert.Equal(ApiRoutes.All.Select(r => r.Name).Order(), functions.Select(f => f.Function.Name).Order());
    }

    [Fact]
    public void Every_function_is_anonymous_because_our_bearer_keys_authenticate()
    {
        Assert.All(Functions(), f => Assert.Equal(AuthorizationLevel.Anonymous, f.Trigger.AuthLevel));
    }

    [Fact]
    public void Every_route_token_is_a_string_parameter_of_the_same_name_and_nothing_else_is_bound()
    {
        foreach (var (method, _, trigger) in Functions())
        {
            var tokens = RouteToken().Matches(trigger.Route!).Select(m => m.Groups[1].Value).ToList();
            var parameters = method.GetParameters();
            Assert.Equal(typeof(HttpRequest), parameters[0].ParameterType);
            Assert.Equal(tokens, parameters.Skip(1).Select(p => p.Name));
            Assert.All(parameters.Skip(1), p => Assert.Equal(typeof(string), p.ParameterType));
            Assert.Equal(typeof(Task<IResult>), method.ReturnType);
        }
    }

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex RouteToken();
}
