// TEST-ONLY copy of the public surface of Microsoft.Azure.Functions.Worker.FunctionAttribute
// (Worker.Extensions.Abstractions); it must match the real type (see README.md here).
namespace Microsoft.Azure.Functions.Worker;

// Not sealed, like the real attribute.
#pragma warning disable CA1813 // Avoid unsealed attributes: the copy keeps the real type's shape.
[AttributeUsage(AttributeTargets.Method)]
public class FunctionAttribute(string name) : Attribute
#pragma warning restore CA1813
{
    public string Name { get; } = name;
}
