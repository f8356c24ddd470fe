// TEST-ONLY copies of the public surface of the worker's binding attribute bases
// (Worker.Extensions.Abstractions); they must match the real types (see README.md here).
// The real BindingAttribute declares Method usage and TriggerBindingAttribute narrows it to Parameter,
// which is the usage HttpTriggerAttribute inherits.
namespace Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

[AttributeUsage(AttributeTargets.Method)]
public abstract class BindingAttribute : Attribute;

[AttributeUsage(AttributeTargets.Parameter)]
public abstract class TriggerBindingAttribute : BindingAttribute;
