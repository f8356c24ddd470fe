using System.Buffers.Text;
using System.Security.Cryptography;
using Conversations.Paging;
using Conversations.Storage;

namespace Conversations.Storage.Tests.Paging;

public sealed class CursorCodecTests
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);
    private static readonly ConversationSort Sort = new(ConversationSortField.UpdatedAt, true);
    private static readonly string Binding = CursorBinding.For("Mielto", UserScope.User("tenant-a", "u1"), Sort, ConversationFilter.None);

    [Fact]
    public void A_cursor_decodes_to_the_position_and_token_it_was_made_from()
    {
        var codec = new CursorCodec(Key);
        var cursor = new Cursor(new KeysetPosition("1767323045678", "0199a0b2-0000-7000-8000-000000000001"), "{\"token\":\"x\"}");

        var decoded = codec.Decode(codec.Encode(cursor, Binding), Binding);

        Assert.Equal(cursor, decoded);
    }

    [Fact]
    public void A_cursor_is_url_safe_and_does_not_show_its_position_in_plain_text()
    {
        var text = new CursorCodec(Key).Encode(new Cursor(new KeysetPosition("42", "some-id"), null), Binding);

        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        Assert.DoesNotContain("some-id", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_any_single_byte_of_a_cursor_makes_it_invalid()
    {
        var codec = new CursorCodec(Key);
        var bytes = Base64Url.DecodeFromChars(codec.Encode(new Cursor(new KeysetPosition("42", "id-1"), "tok"), Binding));

        for (var i = 0; i < bytes.Length; i++)
        {
            var tampered = bytes.ToArray();
            tampered[i] ^= 0x01;
            Assert.Null(codec.Decode(Base64Url.EncodeToString(tampered), Binding));
        }
    }

    [Theory]
    [InlineData("Mielto", "tenant-b", "u1", false, null)]
    [InlineData("Mielto", "tenant-a", "u2", false, null)]
    [InlineData("Mielto", "tenant-a", null, false, null)]
    [InlineData("Mielto", "tenant-a", "u1", true, null)]
    [InlineData("Mielto", "tenant-a", "u1", false, "active")]
    [InlineData("OpenAI", "tenant-a", "u1", false, null)]
    public void A_cursor_is_rejected_for_any_other_tenant_scope_sort_filter_or_dialect(string dialect, string tenant, string? user, bool ascending, string? status)
    {
        var codec = new CursorCodec(Key);
        var text = codec.Encode(new Cursor(new KeysetPosition("42", "id-1"), null), Binding);
        var scope = user is null ? UserScope.WholeTenant(tenant) : UserScope.User(tenant, user);
        var other = CursorBinding.For(dialect, scope, ascending ? Sort.Reversed() : Sort, new ConversationFilter { Status = status });

        Assert.Null(codec.Decode(text, other));
    }

    [Fact]
    public void A_cursor_signed_with_another_key_is_rejected()
    {
        var text = new CursorCodec(RandomNumberGenerator.GetBytes(32)).Encode(new Cursor(new KeysetPosition("1", "a"), null), Binding);

        Assert.Null(new CursorCodec(Key).Decode(text, Binding));
    }

    [Theory]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("AAAA")]
    [InlineData("conv_xyz123")]
    public void Text_that_is_not_a_cursor_is_rejected(string text) => Assert.Null(new CursorCodec(Key).Decode(text, Binding));

    [Fact]
    public void Filters_whose_values_run_together_do_not_share_a_binding()
    {
        var scope = UserScope.WholeTenant("t");
        var a = CursorBinding.For("Mielto", scope, Sort, new ConversationFilter { Status = "a|b", NameContains = "c" });
        var b = CursorBinding.For("Mielto", scope, Sort, new ConversationFilter { Status = "a", NameContains = "b|c" });

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void A_large_store_token_is_left_out_and_the_position_still_resumes()
    {
        var codec = new CursorCodec(Key);
        var position = new KeysetPosition("7", "id-7");

        var decoded = codec.Decode(codec.Encode(new Cursor(position, new string('t', CursorCodec.MaxWrappedTokenLength + 1)), Binding), Binding);

        Assert.Equal(new Cursor(position, null), decoded);
    }

    [Fact]
    public void A_signing_key_shorter_than_32_bytes_is_refused() =>
        Assert.Throws<ArgumentException>(() => new CursorCodec(new byte[31]));
}
