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
    // Every type compiled from functions/Conversations.Functions/*Functions.cs, found by namespace rather
    // than listed, so a new function class (or a [Function] on a non-public or instance method) is seen.
    private static readonly Type[] FunctionClasses = typeof(DifyFunctions).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(DifyFunctions).Namespace)
        .ToArray();

    private const BindingFlags AnyMethod = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly;

    private static IEnumerable<(MethodInfo Method, FunctionAttribute Function, HttpTriggerAttribute Trigger)> Functions() =>
        from type in FunctionClasses
        from method in type.GetMethods(AnyMethod)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        let trigger = method.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).Single(a => a is not null)!
        select (method, function, trigger);

    [Fact]
    public void The_three_dialect_classes_are_the_function_classes()
    {
        Assert.Equal(["DifyFunctions", "MieltoFunctions", "OpenAIFunctions"], FunctionClasses.Select(t => t.Name).Order());
    }

    [Fact]
    public void Every_route_has_exactly_one_function_with_its_name_method_and_template()
    {
        var functions = Functions().ToList();

        foreach (var route in ApiRoutes.All)
        {
            var match = Assert.Single(functions, f => f.Function.Name == route.Name);
            Assert.Equal(route.Template, match.Trigger.Route);
            var method = Assert.Single(match.Trigger.Methods!);
            Assert.Equal(route.Method, method, StringComparer.OrdinalIgnoreCase);
        }

        Assert.Equal(ApiRoutes.All.Select(r => r.Name).Order(), functions.Select(f => f.Function.Name).Order());
    }

    [Fact]
    public void Every_function_is_anonymous_because_our_bearer_keys_authenticate()
    {
        Assert.All(Functions(), f => Assert.Equal(AuthorizationLevel.Anonymous, f.Trigger.AuthLevel));
    }

    [Fact]
    public void Every_trigger_names_its_authorization_level_explicitly()
    {
        // With the methods-only constructor reflection reads Anonymous but the worker's generated
        // metadata falls back to the host default (Function), so the host would demand a function key.
        foreach (var (method, _, _) in Functions())
        {
            var trigger = method.GetParameters().SelectMany(p => p.GetCustomAttributesData()).Single(a => a.AttributeType == typeof(HttpTriggerAttribute));
            Assert.True(
                trigger.ConstructorArguments.Count > 0 && trigger.ConstructorArguments[0].ArgumentType == typeof(AuthorizationLevel),
                $"{method.DeclaringType!.Name}.{method.Name} must pass AuthorizationLevel.Anonymous to [HttpTrigger].");
        }
    }

    [Fact]
    public void Every_function_is_a_public_static_method_the_worker_can_index()
    {
        // The worker indexes only public methods; static because the classes hold no state and the
        // parity tests invoke them without an instance.
        Assert.All(Functions(), f => Assert.True(f.Method.IsPublic && f.Method.IsStatic, f.Method.Name));
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
