using System.Text.Json;
using Conversations.Model;

namespace Conversations.Bench;

/// <summary>
/// What real clients store on a conversation and in its items, so list pages carry the fields they
/// carry in production: Dify <c>inputs</c> (4 fields) and an introduction; 4 metadata pairs (OpenAI
/// <c>metadata</c>, which Mielto shows as <c>meta_data</c>); Mielto <c>settings</c>, 2 collections and
/// a summary; and items of chat-sized text. Every conversation carries all of it, so each dialect's
/// page shows what that dialect renders. The JSON is parsed once and shared by all rows.
/// </summary>
internal static class RealisticData
{
    public const string Introduction = "Hi, I'm the Contoso support assistant. I can look up your orders, explain your plan and open a ticket for you. What can I do for you today?";
    public const string Summary = "The customer asked why the last invoice was higher than usual; the assistant explained the prorated upgrade to the Business plan and offered a breakdown by line item.";
    public const string Agent = "support-agent";
    public static readonly IReadOnlyList<string> Collections = ["col_2f8a41c7e9b04d17", "col_9c03be5d7a6f4e21"];

    private static readonly JsonElement Inputs = Parse("""{"customer_name":"Ada Lovelace","plan":"business","language":"en-GB","order_id":"ORD-2025-004817"}""");
    private static readonly JsonElement Metadata = Parse("""{"channel":"web","locale":"en-GB","customer_tier":"gold","ticket_id":"TCK-48213"}""");
    private static readonly JsonElement Settings = Parse("""{"model":"gpt-4o-mini","temperature":0.3,"max_tokens":1024,"memory_enabled":true}""");

    private static readonly string[] UserTexts =
    [
        "Hello, my last invoice came out at 148.20 EUR instead of the usual 99 EUR. Can you tell me why it went up this month?",
        "I see. When exactly did the upgrade take effect, and will the next invoice be the full Business price or prorated again?",
        "Could you also check whether order ORD-2025-004817 has shipped? The tracking page has said 'label created' for three days.",
        "Thanks. Please open a ticket about the shipment and send the invoice breakdown to the email address on my account.",
    ];

    private static readonly string[] AssistantTexts =
    [
        "Your plan changed from Team to Business on 14 November. The invoice charges Team for 1-13 November and Business for 14-30 November, which together come to 148.20 EUR; from December you pay the Business price of 129 EUR a month.",
        "The upgrade took effect on 14 November at 09:12 UTC, when an administrator of your workspace confirmed it. The next invoice, on 1 January, is the full Business price with no proration, unless the plan changes again before then.",
        "Order ORD-2025-004817 left our warehouse on 27 November; the carrier scanned it only at pick-up, which is why the tracking page still shows the label. Their next scan is expected at the regional hub within 24 hours.",
        "I've opened ticket TCK-48213 for the shipment, marked urgent, and sent the invoice breakdown to the address ending in @contoso.com. You'll get an email each time the ticket's status changes.",
    ];

    /// <summary>A conversation carrying every field above.</summary>
    public static Conversation Conversation(string tenant, string user, string id, string name, DateTimeOffset created, DateTimeOffset updated) => new()
    {
        Id = id,
        TenantId = tenant,
        UserId = user,
        Name = name,
        Introduction = Introduction,
        Summary = Summary,
        Inputs = Inputs,
        Metadata = Metadata,
        Collections = Collections,
        Settings = Settings,
        Agent = new AgentReference(Agent, "3"),
        CreatedAt = created,
        UpdatedAt = updated,
    };

    /// <summary>The <paramref name="index"/>th message of a support chat: user and assistant take turns.</summary>
    public static JsonElement Message(int index)
    {
        var user = index % 2 == 0;
        var text = (user ? UserTexts : AssistantTexts)[index / 2 % UserTexts.Length];
        return JsonSerializer.SerializeToElement(new Dictionary<string, object>
        {
            ["type"] = "message",
            ["role"] = user ? "user" : "assistant",
            ["status"] = "completed",
            ["content"] = new[] { new Dictionary<string, string> { ["type"] = user ? "input_text" : "output_text", ["text"] = text } },
        });
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
