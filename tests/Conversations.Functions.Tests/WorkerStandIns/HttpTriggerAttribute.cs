// TEST-ONLY copy of the public surface of Microsoft.Azure.Functions.Worker.HttpTriggerAttribute
// (Worker.Extensions.Http); it must match the real type (see README.md here). Its Parameter usage is
// inherited from TriggerBindingAttribute, as in the real type.
using Microsoft.Azure.Functions.Worker.Extensions.Abstractions;

namespace Microsoft.Azure.Functions.Worker;

public sealed class HttpTriggerAttribute : TriggerBindingAttribute
{
    // The real parameterless constructor asks for a function key; only the methods-only constructor
    // leaves AuthLevel at its default (Anonymous), which the generated metadata does not honour.
    public HttpTriggerAttribute() => AuthLevel = AuthorizationLevel.Function;

    public HttpTriggerAttribute(params string[] methods) => Methods = methods;

    public HttpTriggerAttribute(AuthorizationLevel authLevel) => AuthLevel = authLevel;

    public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods)
    {
        AuthLevel = authLevel;
        Methods = methods;
    }

    public string? Route { get; set; }

    public string[]? Methods { get; private set; }

    public AuthorizationLevel AuthLevel { get; private set; }
}
