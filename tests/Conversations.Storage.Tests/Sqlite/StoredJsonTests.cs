using Conversations.Storage.Sqlite;

namespace Conversations.Storage.Tests.Sqlite;

public sealed class StoredJsonTests
{
    [Theory]
    [InlineData("""{"a":"\ud800"}""", """{"a":"\ufffd"}""")]
    [InlineData("""{"\uDFFF":1}""", """{"\ufffd":1}""")]
    [InlineData("""["\udc00\ud800"]""", """["\ufffd\ufffd"]""")]
    [InlineData("""["\ud83d x"]""", """["\ufffd x"]""")]
    [InlineData("""["x\ud83d"]""", """["x\ufffd"]""")]
    [InlineData("""["\ud83d\ude80\ud800\n"]""", """["\ud83d\ude80\ufffd\n"]""")]
    public void Each_escaped_unpaired_surrogate_becomes_the_replacement_character(string stored, string repaired) =>
        Assert.Equal(repaired, StoredJson.Repair(stored));

    [Theory]
    [InlineData("""{"a":"plain","n":1}""")]
    [InlineData("""{"rocket":"\ud83d\ude80","caps":"\uD83D\uDE80"}""")]
    [InlineData("""{"not an escape":"\\ud800","quote":"\"","unicode":"\u00e9"}""")]
    [InlineData("""{"a":"\\\ud83d\ude80"}""")]
    public void Well_formed_json_comes_back_as_the_same_instance(string stored) =>
        Assert.Same(stored, StoredJson.Repair(stored));
}
