using System.Globalization;
using System.Text;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// SQL text under construction and the values it binds. Code supplies only the text (column names,
/// directions); every value becomes a numbered parameter (?1, ?2, …) in the order it was added, which is
/// the order <see cref="SqliteStatement.Bind"/> binds them.
/// </summary>
internal sealed class SqliteSql(string start)
{
    private readonly StringBuilder _text = new(start);

    public List<object?> Values { get; } = [];

    public SqliteSql Append(string text)
    {
        _text.Append(text);
        return this;
    }

    /// <summary>Appends a parameter holding <paramref name="value"/> (a string, a long or null).</summary>
    public SqliteSql Value(object? value)
    {
        Values.Add(value);
        _text.Append(CultureInfo.InvariantCulture, $"?{Values.Count}");
        return this;
    }

    public override string ToString() => _text.ToString();
}
