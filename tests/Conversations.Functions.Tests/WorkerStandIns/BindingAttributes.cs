// TEST-ONLY stand-ins for the worker's binding attribute bases (see README.md here).
namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

#pragma warning disable CA1018 // The real types declare their usage on the concrete attributes too.
public abstract class BindingAttribute : Attribute;

[AttributeUsage(AttributeTargets.Parameter)]
public abstract class TriggerBindingAttribute : BindingAttribute;
#pragma warning restore CA1018
