using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.RateLimiting;

/// <summary>
/// The client address a failed-authentication limit counts against. A peer on the same machine (the
/// Functions host forwarding to its worker, a local reverse proxy) is not the client: then the last
/// <c>X-Forwarded-For</c> entry, the one that proxy added, is; the same trust ASP.NET Core's forwarded
/// headers give loopback proxies by default. IPv6 clients count per /64, the block one subscriber
/// usually holds, so rotating addresses inside it gains nothing.
/// </summary>
public static class ClientAddress
{
    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var peer = context.Connection.RemoteIpAddress;
        if ((peer is null || IPAddress.IsLoopback(peer)) && LastForwarded(context.Request) is { } forwarded)
        {
            peer = forwarded;
        }

        return peer is null ? "local" : Block(peer);
    }

    private static IPAddress? LastForwarded(HttpRequest request)
    {
        var header = request.Headers["X-Forwarded-For"].ToString();
        var last = header.AsSpan(header.LastIndexOf(',') + 1).Trim();
        return IPEndPoint.TryParse(last, out var endpoint) ? endpoint.Address : null;
    }

    private static string Block(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
