using System.Buffers;
using System.Text;
using System.Text.Json;
using Conversations.Api.Http;
using Conversations.Model;
using Conversations.Testing;

namespace Conversations.Api.Tests.Service;

/// <summary>
/// Stored JSON values go to the wire as they are only when that gives the bytes the serializer's own
/// writer gives (the API's encoder, compact): the same escaping, white space and member order.
/// </summary>
public sealed class VerbatimJsonTests
{
    public static TheoryData<string> Values() =>
    [
        """{"city":"Paris","n":[1,2.50,-0.0,1e3,true,false,null],"nested":{"a":{}}}""",
        """{ "spaced" : [ 1 , 2 ] }""",
        """{"non_ascii":"Zürich 账单 Rechnungsprüfung","html":"<b> & 'x' + `y`"}""",
        """{"escaped":"Z\u00fcrich","lower":"\u00e9"}""",
        """{"rocket":"🚀","escaped_rocket":"\ud83d\ude80"}""",
        """{"quote":"say \"hi\"","slash":"a\\b","solidus":"a\/b","control":"tab\there\nline"}""",
        """{"format":"soft\u00adhyphen","separators":"\u2028\u2029","bom":"\ufeff"}""",
        """{"dup":1,"dup":2}""",
        """["a",{"b":"c"}]""",
        "\"just a string\"",
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void A_value_is_written_as_the_writer_writes_it_whether_copied_or_not(string text)
    {
        var value = TestData.Json(text);
        var stored = TestData.Json(CompactJson.Of(value));

        var throughWriter = Write(w => value.WriteTo(w));
        Assert.Equal(throughWriter, Write(w => new VerbatimJsonConverter().Write(w, value, JsonSerializerOptions.Default)));
        Assert.Equal(throughWriter, Write(w => new VerbatimJsonConverter().Write(w, stored, JsonSerializerOptions.Default)));
        // What the store keeps is exactly what the writer writes, so a page copies it.
        Assert.Equal(throughWriter, CompactJson.Of(value));
        Assert.True(CompactJson.IsAsWritten(Encoding.UTF8.GetBytes(CompactJson.Of(value)), CompactJson.Encoder) || CompactJson.Of(value).Contains('\\', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"a":"b","c":[1,{"d":null}]}""", true)]
    [InlineData("""{"non_ascii":"Zürich 账单"}""", true)]
    [InlineData("""{"a": "b"}""", false)]
    [InlineData("""{"a":"b" }""", false)]
    [InlineData("""{"a":"\u00e9"}""", false)]
    [InlineData("""{"quote":"\""}""", false)]
    [InlineData("""{"rocket":"🚀"}""", false)]
    public void Only_text_the_writer_would_write_the_same_is_taken_verbatim(string text, bool verbatim)
    {
        Assert.Equal(verbatim, CompactJson.IsAsWritten(Encoding.UTF8.GetBytes(text), CompactJson.Encoder));
    }

    private static string Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = CompactJson.Encoder }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
