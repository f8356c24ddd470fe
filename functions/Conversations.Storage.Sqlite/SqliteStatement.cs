using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// One SQL statement prepared on an open connection and run through SQLitePCL.raw: bind by position,
/// step, read columns by ordinal. Values that were stored unreadable are repaired as they are read,
/// and <see cref="RowRepaired"/> says so for the current row.
/// </summary>
/// <remarks>
/// Written by hand because Microsoft.Data.Sqlite's data reader makes three native calls for every value
/// (a row check, a type check, the value) and offers no way to read the UTF-8 bytes of a text value
/// without copying them, and a list page reads a few hundred values: those calls were the largest part
/// of a page's CPU. Here a number costs one call and a text two (pointer and length), and a statement
/// kept by a read session is compiled once for the life of its connection.
/// </remarks>
internal sealed class SqliteStatement : IDisposable
{
    // sqlite3.h: SQLITE_STMTSTATUS_REPREPARE and SQLITE_STMTSTATUS_RUN (SQLitePCL.raw names only 1 to 4).
    private const int StatusReprepare = 5;
    private const int StatusRun = 6;

    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    /// <param name="persistent">True for a statement kept and run many times (SQLITE_PREPARE_PERSISTENT).</param>
    public SqliteStatement(SqliteConnection connection, string sql, bool persistent)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _db = connection.Handle ?? throw new InvalidOperationException("The connection is not open.");
        var rc = raw.sqlite3_prepare_v3(_db, sql, persistent ? (uint)raw.SQLITE_PREPARE_PERSISTENT : 0, out _statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
    }

    /// <summary>True when a value of the current row had to be repaired to be read.</summary>
    public bool RowRepaired { get; private set; }

    /// <summary>How often SQLite compiled this statement again after preparing it (a plan invalidated by a binding or a schema change).</summary>
    public int Reprepares => raw.sqlite3_stmt_status(_statement, StatusReprepare, 0);

    /// <summary>How often this statement has run.</summary>
    public int Runs => raw.sqlite3_stmt_status(_statement, StatusRun, 0);

    public string Sql => raw.sqlite3_sql(_statement).utf8_to_string();

    /// <summary>How many columns a row of this statement has.</summary>
    public int ColumnCount => raw.sqlite3_column_count(_statement);

    /// <summary>Binds <paramref name="values"/> to the parameters ?1, ?2, … in order; each is a string, a long or null.</summary>
    public SqliteStatement Bind(IReadOnlyList<object?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        for (var i = 0; i < values.Count; i++)
        {
            var rc = values[i] switch
            {
                string text => raw.sqlite3_bind_text(_statement, i + 1, text),
                long number => raw.sqlite3_bind_int64(_statement, i + 1, number),
                null => raw.sqlite3_bind_null(_statement, i + 1),
                var other => throw new ArgumentException($"Cannot bind a {other.GetType().Name}.", nameof(values)),
            };
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return this;
    }

    /// <summary>Moves to the next row; false when there is none.</summary>
    public bool Step()
    {
        RowRepaired = false;
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, _db);
        }

        return false;
    }

    /// <summary>Ends the current run, so the statement releases its read and can be bound again.</summary>
    public void Reset() => raw.sqlite3_reset(_statement);

    public bool IsNull(int column) => raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL;

    public long Integer(int column) => raw.sqlite3_column_int64(_statement, column);

    public long? IntegerOrNull(int column) => IsNull(column) ? null : Integer(column);

    /// <summary>A text column; bytes that are not UTF-8 (a raw surrogate, say) read as U+FFFD.</summary>
    public string Text(int column)
    {
        // column_blob hands over the stored UTF-8 bytes as they are; an empty text is an empty span.
        var utf8 = raw.sqlite3_column_blob(_statement, column);
        if (!System.Text.Unicode.Utf8.IsValid(utf8))
        {
            RowRepaired = true;
        }

        return Encoding.UTF8.GetString(utf8);
    }

    public string? TextOrNull(int column) => IsNull(column) ? null : Text(column);

    /// <summary>A JSON text column, with any escaped unpaired surrogate replaced so that it can be written again.</summary>
    public string JsonText(int column)
    {
        var text = Text(column);
        var repaired = StoredJson.Repair(text);
        if (!ReferenceEquals(repaired, text))
        {
            RowRepaired = true;
        }

        return repaired;
    }

    public string? JsonTextOrNull(int column) => IsNull(column) ? null : JsonText(column);

    /// <summary>
    /// The stored UTF-8 bytes of a JSON text column when they need no repair (valid UTF-8 without a
    /// backslash, so without an escape at all); they stay valid until the statement steps or resets.
    /// False when the text has an escape or bad bytes: read it with <see cref="JsonText"/> then.
    /// </summary>
    public bool TryCleanJsonUtf8(int column, out ReadOnlySpan<byte> utf8)
    {
        utf8 = raw.sqlite3_column_blob(_statement, column);
        return !utf8.Contains((byte)'\\') && System.Text.Unicode.Utf8.IsValid(utf8);
    }

    /// <summary>
    /// A JSON column as an element. Parsed from the stored UTF-8 bytes where they need no repair (the
    /// common case): through a string, a page paid two transcodings, a pooled buffer and a copy of
    /// the parsed document per value.
    /// </summary>
    public JsonElement Json(int column)
    {
        if (TryCleanJsonUtf8(column, out var utf8))
        {
            return JsonElement.Parse(utf8);
        }

        using var document = JsonDocument.Parse(JsonText(column));
        return document.RootElement.Clone();
    }

    public JsonElement? JsonOrNull(int column) => IsNull(column) ? null : Json(column);

    public void Dispose() => _statement.Dispose();
}
