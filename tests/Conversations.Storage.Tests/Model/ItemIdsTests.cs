using Conversations.Model;

namespace Conversations.Storage.Tests.Model;

public sealed class ItemIdsTests
{
    [Fact]
    public void Ids_made_in_one_millisecond_sort_in_the_order_they_were_made()
    {
        var at = DateTimeOffset.UtcNow.AddDays(1);

        var ids = Enumerable.Range(0, 5000).Select(_ => ItemIds.New(at)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void An_id_is_a_canonical_uuid_version_7_carrying_its_creation_millisecond()
    {
        var at = new DateTimeOffset(2031, 5, 6, 7, 8, 9, 123, TimeSpan.Zero);

        var id = ItemIds.New(at);

        Assert.True(ItemIds.IsWellFormed(id));
        Assert.Equal(7, Guid.Parse(id).Version);
        Assert.Equal(0b10, Guid.Parse(id).Variant >> 2);
        Assert.Equal(at.ToUnixTimeMilliseconds(), Convert.ToInt64(id.Replace("-", "", StringComparison.Ordinal)[..12], 16));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0199a0b2000070008000000000000001")]
    [InlineData("{0199a0b2-0000-7000-8000-000000000001}")]
    [InlineData("0199a0b2-0000-7000-8000-00000000000g")]
    public void Anything_but_the_canonical_form_is_not_an_id(string? text) => Assert.False(ItemIds.IsWellFormed(text));
}
