using System.Diagnostics;

namespace Conversations.Api.Http;

/// <summary>What a handler adds to its request's trace.</summary>
public static class ApiTelemetry
{
    public const string PageSizeTag = "conversations.page.size";

    /// <summary>The number of items a list answered with.</summary>
    public static void PageServed(int items) => Activity.Current?.SetTag(PageSizeTag, items);
}
