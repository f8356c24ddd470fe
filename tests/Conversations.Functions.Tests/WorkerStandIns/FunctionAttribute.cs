// TEST-ONLY stand-in for Microsoft.Azure.Functions.Worker.FunctionAttribute (see README.md here).
namespace Microsoft.Azure.Functions.Worker;

[AttributeUsage(AttributeTargets.Method)]
public sealed class FunctionAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
