using Conversations.Model;
using Conversations.Testing;

namespace Conversations.Storage.Tests.Model;

public sealed class WellFormedTextTests
{
    // Built in code and not enumerated at discovery: attribute arguments and serialised theory data
    // travel as UTF-8, which cannot hold an unpaired surrogate.
    public static TheoryData<string, bool> Texts => new()
    {
        { "plain", true },
        { "Köln \ud83d\ude80 日本", true },
        { "\ud800", false },
        { "a\udc00b", false },
        { "\ud83d", false },
        { "\udc00\ud800", false },
        { "ok \ud83d\ude80 then \ud800", false },
    };

    [Theory]
    [MemberData(nameof(Texts), DisableDiscoveryEnumeration = true)]
    public void Text_is_well_formed_unless_a_surrogate_is_unpaired(string text, bool expected) =>
        Assert.Equal(expected, WellFormedText.IsWellFormed(text));

    [Fact]
    public void Json_is_well_formed_only_when_every_name_and_string_is() =>
        Assert.Equal(
            [true, false, false],
            new[] { """{"a":["x",{"b":"🚀"}]}""", """{"a":["x",{"b":"\ud800"}]}""", """{"\udfff":1}""" }
                .Select(json => WellFormedText.IsWellFormed(TestData.Json(json))));

    [Fact]
    public void Repair_replaces_each_unpaired_surrogate_and_keeps_pairs() =>
        Assert.Equal("a\uFFFDb🚀\uFFFD", WellFormedText.Repair("a\ud800b🚀\udc00"));
}
