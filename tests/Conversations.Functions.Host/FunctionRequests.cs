using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Conversations.Functions.Host.Rpc;
using Microsoft.AspNetCore.Routing;
using Yarp.ReverseProxy.Forwarder;

namespace Conversations.Functions.Host;

/// <summary>
/// Serves one HTTP request as the Functions host does for a worker that takes HTTP requests itself
/// (the ASP.NET Core integration; GrpcWorkerChannel and DefaultHttpProxyService in
/// Azure/azure-functions-host): find the function, forward the request to the worker's own HTTP
/// server marked with the invocation id, and send the matching invocation over the stream. The
/// worker pairs the two, runs the function and writes the response; the invocation's response only
/// says whether the function succeeded.
/// </summary>
internal sealed class FunctionRequests(WorkerChannel worker, IHttpForwarder forwarder, ILogger<FunctionRequests> logger) : IDisposable
{
    private const string InvocationIdHeader = "x-ms-invocation-id";

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ActivityHeadersPropagator = null,
    });

    private HttpFunctions? _functions;
    private string _workerAddress = "";

    /// <summary>Starts serving: until then every request is answered 503.</summary>
    public void Open(HttpFunctions functions, Uri workerAddress)
    {
        _workerAddress = workerAddress.AbsoluteUri;
        _functions = functions;
    }

    public async Task ServeAsync(HttpContext context)
    {
        if (_functions is not { } functions)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            return;
        }

        var routeValues = new RouteValueDictionary();
        if (functions.Match(context.Request.Method, context.Request.Path, routeValues) is not { } function)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        var invocation = Invocation(function, context.Request, routeValues);
        // Set, not added: a client must not choose which invocation its request pairs with.
        context.Request.Headers[InvocationIdHeader] = invocation.InvocationId;
        var forwarding = forwarder.SendAsync(context, _workerAddress, _client, ForwarderRequestConfig.Empty, HttpTransformer.Default).AsTask();
        var invoked = worker.InvokeAsync(invocation);

        var error = await forwarding;
        if (error != ForwarderError.None)
        {
            // The forwarder has answered 502 if the response had not started. The worker ends the
            // invocation itself when no request pairs with it, so nothing is left to wait for.
            HostLog.ForwardingFailed(logger, function.Name, error.ToString());
            return;
        }

        // The worker has written the response. Whatever the function returned (an IResult comes back
        // serialised as the return value; a function that returns nothing sends none), only the
        // invocation's status is left to read.
        var response = await invoked;
        if (response is null)
        {
            HostLog.InvocationLost(logger, function.Name, invocation.InvocationId);
        }
        else if (response.Result.Status != StatusResult.Types.Status.Success)
        {
            HostLog.InvocationFailed(logger, function.Name, invocation.InvocationId, response.Result.Status.ToString(), response.Result.Exception?.Message ?? "");
        }
    }

    public void Dispose() => _client.Dispose();

    /// <summary>
    /// The invocation the host sends with a forwarded request: the trigger's input is an empty
    /// RpcHttp, and the trigger metadata carries the route values (which bind the function's
    /// parameters), the query and the headers.
    /// </summary>
    private static InvocationRequest Invocation(HttpFunction function, HttpRequest request, RouteValueDictionary routeValues)
    {
        var invocation = new InvocationRequest
        {
            InvocationId = Guid.NewGuid().ToString(),
            FunctionId = function.Id,
            TraceContext = new RpcTraceContext { TraceParent = Activity.Current?.Id ?? "", TraceState = Activity.Current?.TraceStateString ?? "" },
        };
        invocation.InputData.Add(new ParameterBinding { Name = function.TriggerParameter, Data = new TypedData { Http = new RpcHttp() } });
        foreach (var (name, value) in routeValues)
        {
            invocation.TriggerMetadata[name] = new TypedData { String = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "" };
        }

        invocation.TriggerMetadata["Query"] = Json(request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()));
        invocation.TriggerMetadata["Headers"] = Json(request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString()));
        return invocation;
    }

    private static TypedData Json(Dictionary<string, string> values) =>
        new() { Json = JsonSerializer.Serialize(values, AppJsonContext.Default.DictionaryStringString) };
}
