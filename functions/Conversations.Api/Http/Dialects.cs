using Conversations.Api.Dify;
using Conversations.Api.Mielto;
using Conversations.Api.OpenAI;
using Microsoft.AspNetCore.Http;

namespace Conversations.Api.Http;

/// <summary>The dialects the service speaks, and which one a path belongs to.</summary>
public static class Dialects
{
    public static IReadOnlyList<Dialect> All { get; } = [DifyDialect.Instance, OpenAIDialect.Instance, MieltoDialect.Instance];

    /// <summary>The dialect whose routes live under <paramref name="path"/>'s prefix, or null.</summary>
    public static Dialect? ForPath(PathString path) =>
        All.Where(d => path.StartsWithSegments(d.PathPrefix, StringComparison.OrdinalIgnoreCase))
            .MaxBy(d => d.PathPrefix.Length);
}
