using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Conversations.Telemetry;

/// <summary>
/// The service's own traces and metrics, under one name (<c>Conversations</c>) that a host subscribes to
/// with OpenTelemetry. Nothing here exports anything: without a listener, activities are not created
/// and instruments record nothing.
/// </summary>
public static class ConversationsDiagnostics
{
    public const string Name = "Conversations";

    public static ActivitySource ActivitySource { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);
}
