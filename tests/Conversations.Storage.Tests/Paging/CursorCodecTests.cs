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
    public void A_cursor_decodes_to_the_position_it_was_made_from()
    {
        var codec = new CursorCodec(Key);
        var position = new KeysetPosition("1767323045678", "0199a0b2-0000-7000-8000-000000000001");

        var decoded = codec.Decode(codec.Encode(position, Binding), Binding);

        Assert.Equal(position, decoded);
    }

    [Fact]
    public void A_cursor_is_url_safe_and_does_not_show_its_position_in_plain_text()
    {
        var text = new CursorCodec(Key).Encode(new KeysetPosition("42", "some-id"), Binding);

        Assert.Matches("^[A-Za-z0-9_-]+$", text);
        Assert.DoesNotContain("some-id", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Changing_any_single_byte_of_a_cursor_makes_it_invalid()
    {
        var codec = new CursorCodec(Key);
        var bytes = Base64Url.DecodeFromChars(codec.Encode(new KeysetPosition("42", "id-1"), Binding));

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
        var text = codec.Encode(new KeysetPosition("42", "id-1"), Binding);
        var scope = user is null ? UserScope.WholeTenant(tenant) : UserScope.User(tenant, user);
        var other = CursorBinding.For(dialect, scope, ascending ? Sort.Reversed() : Sort, new ConversationFilter { Status = status });

        Assert.Null(codec.Decode(text, other));
    }

    [Fact]
    public void A_cursor_signed_with_another_key_is_rejected()
    {
        var text = new CursorCodec(RandomNumberGenerator.GetBytes(32)).Encode(new KeysetPosition("1", "a"), Binding);

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
    public void Text_longer_than_any_cursor_is_rejected_before_it_is_decoded() =>
        Assert.Null(new CursorCodec(Key).Decode(new string('A', CursorCodec.MaxCursorLength + 4), Binding));

    [Fact]
    public void A_signing_key_shorter_than_32_bytes_is_refused() =>
        Assert.Throws<ArgumentException>(() => new CursorCodec(new byte[31]));

    [Fact]
    public void After_a_rotation_a_cursor_of_the_previous_key_is_accepted_while_it_is_listed_and_refused_once_it_is_not()
    {
        var previous = RandomNumberGenerator.GetBytes(32);
        var position = new KeysetPosition("42", "id-1");
        var oldCursor = new CursorCodec(previous).Encode(position, Binding);
        var rotated = new CursorCodec(Key, previous);

        var newCursor = rotated.Encode(position, Binding);

        Assert.Equal(position, rotated.Decode(oldCursor, Binding));
        Assert.Null(new CursorCodec(Key).Decode(oldCursor, Binding));
        // Only the current key signs: the new cursor needs the new key, not the previous one.
        Assert.Equal(position, new CursorCodec(Key).Decode(newCursor, Binding));
        Assert.Null(new CursorCodec(previous).Decode(newCursor, Binding));
        Assert.Null(rotated.Decode(oldCursor, CursorBinding.For("Mielto", UserScope.User("tenant-b", "u1"), Sort, ConversationFilter.None)));
    }

    [Fact]
    public void A_cursor_names_its_signing_key_by_an_id_that_is_neither_the_key_nor_shared_with_another_key()
    {
        var other = RandomNumberGenerator.GetBytes(32);
        var payload = Base64Url.DecodeFromChars(new CursorCodec(Key).Encode(new KeysetPosition("42", "id-1"), Binding))[..^32];

        var json = System.Text.Json.JsonDocument.Parse(payload).RootElement;

        Assert.Equal(2, json.GetProperty("V").GetInt32());
        Assert.Equal(CursorCodec.KeyId(Key), json.GetProperty("K").GetString());
        Assert.Matches("^[0-9a-f]{8}$", CursorCodec.KeyId(Key));
        Assert.NotEqual(CursorCodec.KeyId(Key), CursorCodec.KeyId(other));
    }

    [Fact]
    public void A_cursor_from_before_key_ids_still_decodes_with_the_key_that_signed_it_current_or_previous()
    {
        var previous = RandomNumberGenerator.GetBytes(32);
        // Version 1: no key id; HMAC-SHA256 over the binding, a zero byte and the payload.
        var payload = "{\"V\":1,\"S\":\"42\",\"I\":\"id-1\"}"u8.ToArray();
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, previous);
        hmac.AppendData(System.Text.Encoding.UTF8.GetBytes(Binding));
        hmac.AppendData([0]);
        hmac.AppendData(payload);
        var cursor = Base64Url.EncodeToString([.. payload, .. hmac.GetHashAndReset()]);

        Assert.Equal(new KeysetPosition("42", "id-1"), new CursorCodec(previous).Decode(cursor, Binding));
        Assert.Equal(new KeysetPosition("42", "id-1"), new CursorCodec(Key, previous).Decode(cursor, Binding));
        Assert.Null(new CursorCodec(Key).Decode(cursor, Binding));
    }
}
