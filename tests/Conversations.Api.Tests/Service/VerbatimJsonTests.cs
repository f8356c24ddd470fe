using System.Buffers;
using System.Text;
using System.Text.Json;
using Conversations.Api.Http;
using Conversations.Testing;

namespace Conversations.Api.Tests.Service;

/// <summary>
/// JSON values (OpenAI items) go to the wire as they are only when that gives the bytes the
/// serializer's own writer gives with the API's encoder: the same escaping, white space and member order.
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
        var sent = TestData.Json(text);
        var throughWriter = Write(w => sent.WriteTo(w));
        // The value as the API builds an item: written once with the API's encoder, then parsed.
        var built = TestData.Json(throughWriter);

        Assert.Equal(throughWriter, Write(w => new VerbatimJsonConverter().Write(w, sent, JsonSerializerOptions.Default)));
        Assert.Equal(throughWriter, Write(w => new VerbatimJsonConverter().Write(w, built, JsonSerializerOptions.Default)));
        // Text the writer wrote is taken verbatim unless it holds an escape.
        Assert.Equal(!throughWriter.Contains('\\', StringComparison.Ordinal), VerbatimJsonConverter.IsAsWritten(Encoding.UTF8.GetBytes(throughWriter), VerbatimJsonConverter.ApiEncoder));
    }

    [Theory]
    [InlineData("""{"a":"b","c":[1,{"d":null}]}""", true)]
    [InlineData("""{"non_ascii":"Zürich 账单"}""", true)]
    [InlineData("""{"a": "b"}""", false)]
    [InlineData("""{"a":"b" }""", false)]
    [InlineData("""{"a":"\u00e9"}""", false)]
    [InlineData("""{"quote":"\""}""", false)]
    [InlineData("""{"rocket":"🚀"}""", false)]
    public void Only_text_the_writer_would_write_the_same_is_taken_verbatim(string text, bool verbatim) =>
        Assert.Equal(verbatim, VerbatimJsonConverter.IsAsWritten(Encoding.UTF8.GetBytes(text), VerbatimJsonConverter.ApiEncoder));

    [Theory]
    [MemberData(nameof(Values))]
    public void Written_json_comes_out_as_the_page_writer_writes_it_whatever_its_encoder(string text)
    {
        var sent = TestData.Json(text);
        // As an item page holds it: the bytes the API's encoder wrote.
        var written = new WrittenJson(Encoding.UTF8.GetBytes(Write(w => sent.WriteTo(w))));

        foreach (var encoder in new[] { VerbatimJsonConverter.ApiEncoder, System.Text.Encodings.Web.JavaScriptEncoder.Default })
        {
            Assert.Equal(Write(w => sent.WriteTo(w), encoder), Write(w => new WrittenJsonConverter().Write(w, written, JsonSerializerOptions.Default), encoder));
        }
    }

    private static string Write(Action<Utf8JsonWriter> write, System.Text.Encodings.Web.JavaScriptEncoder? encoder = null)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder ?? VerbatimJsonConverter.ApiEncoder }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
