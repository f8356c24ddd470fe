using System.Net;
using Conversations.Api.Tests.Hosting;
using Conversations.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace Conversations.Api.Tests;

/// <summary>A store that cannot answer yields a 503 with Retry-After in the dialect's envelope, never a stack trace.</summary>
public sealed class StoreFailureTests(SqliteApiHost host) : IClassFixture<SqliteApiHost>
{
    public static TheoryData<string> Lists() => ["/v1/conversations?user=u", "/openai/v1/conversations", "/api/v1/conversations"];

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task An_unavailable_store_answers_503_with_the_stores_retry_after(string path)
    {
        var store = new Mock<IConversationStore>();
        store.Setup(s => s.ListConversationsAsync(It.IsAny<ConversationQuery>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new StoreUnavailableException("throttled", TimeSpan.FromSeconds(6.2)));
        using var failing = WithStore(store.Object);
        var client = failing.CreateClientFor(host.NewTenant());

        var response = await client.GetAsync(path);

        var body = await Hostile.DialectErrors.AssertUnavailableAsync(response, path);
        Assert.Equal("7", response.Headers.GetValues("Retry-After").Single());
        Assert.DoesNotContain("throttled", body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task An_unexpected_failure_answers_500_in_the_dialects_envelope_without_internals(string path)
    {
        var store = new Mock<IConversationStore>();
        store.Setup(s => s.ListConversationsAsync(It.IsAny<ConversationQuery>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("secret internal detail"));
        using var failing = WithStore(store.Object);
        var client = failing.CreateClientFor(host.NewTenant());

        var response = await client.GetAsync(path);

        await Hostile.DialectErrors.AssertEnvelopeAsync(response, path, HttpStatusCode.InternalServerError);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("secret internal detail", body, StringComparison.Ordinal);
        Assert.DoesNotContain("StoreFailureTests", body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task A_store_that_does_not_answer_is_cancelled_at_the_deadline_and_answered_503(string path)
    {
        // A store frozen mid-call: the only way out is the cancellation the deadline sends.
        var cancelled = new TaskCompletionSource();
        var store = new Mock<IConversationStore>();
        store.Setup(s => s.ListConversationsAsync(It.IsAny<ConversationQuery>(), It.IsAny<CancellationToken>()))
            .Returns(async (ConversationQuery _, CancellationToken token) =>
            {
                await using var registration = token.Register(() => cancelled.TrySetResult());
                await Task.Delay(Timeout.Infinite, token);
                return new Page<Conversations.Model.Conversation>([], false);
            });
        using var failing = host.Server.WithWebHostBuilder(b =>
        {
            b.UseSetting("Api:RequestTimeoutSeconds", "1");
            b.ConfigureTestServices(s => s.AddSingleton(store.Object));
        });
        var client = failing.CreateClientFor(host.NewTenant());
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var response = await client.GetAsync(path);

        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(15));
        await Hostile.DialectErrors.AssertUnavailableAsync(response, path);
        Assert.Equal("1", response.Headers.GetValues("Retry-After").Single());
        Assert.True(cancelled.Task.IsCompleted, "the store call was not cancelled");
    }

    private WebApplicationFactory<Program> WithStore(IConversationStore store) =>
        host.Server.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(store)));
}
