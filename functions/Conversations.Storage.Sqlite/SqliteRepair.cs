using Microsoft.Extensions.Logging;

namespace Conversations.Storage.Sqlite;

/// <summary>
/// Rewrites stored rows that cannot be read as they are: text that is not UTF-8 (a raw surrogate) and
/// JSON holding an escaped unpaired surrogate, both written before the API refused such input. Reads
/// already repair them on the fly (and log each once); this makes the repair permanent, with the same
/// result: U+FFFD in place of each unpaired surrogate.
/// </summary>
public static class SqliteRepair
{
    // Each batch is read and rewritten in one write transaction, so writers wait at most one batch.
    private const int RowsPerBatch = 1_000;

    private static readonly StoredColumns[] Tables =
    [
        new(SqliteConversationRows.Table, ["name", "introduction", "summary", "status", "agent_name", "agent_version", "owner_id", "created_by"], ["inputs", "metadata", "settings", "collections"]),
        new(SqliteVariableRows.Table, ["name", "value_type", "description"], ["value"]),
    ];

    /// <summary>Repairs every table of the (migrated) file; returns how many rows it rewrote.</summary>
    public static async Task<int> RepairAsync(string connectionString, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        await using var connection = await new SqliteConnections(connectionString).OpenAsync(cancellationToken);
        var rewritten = 0;
        foreach (var table in Tables)
        {
            var rows = 0;
            for (long after = 0; after >= 0;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await using var transaction = connection.BeginTransaction(deferred: false);
                (after, var batch) = RepairBatch(connection, table, after);
                await transaction.CommitAsync(cancellationToken);
                rows += batch;
            }

            SqliteLog.Repaired(logger, rows, table.Table);
            rewritten += rows;
        }

        return rewritten;
    }

    /// <summary>Repairs the rows after rowid <paramref name="after"/>; returns the last rowid read (-1 at the end) and the rows rewritten.</summary>
    private static (long Last, int Rewritten) RepairBatch(Microsoft.Data.Sqlite.SqliteConnection connection, StoredColumns table, long after)
    {
        var repairs = new List<List<object?>>();
        var read = 0;
        var last = after;
        using (var select = new SqliteStatement(connection, table.SelectBatch, persistent: false).Bind([after]))
        {
            for (; select.Step(); read++)
            {
                last = select.Integer(0);
                var values = table.Read(select);
                if (select.RowRepaired)
                {
                    values.Add(last);
                    repairs.Add(values);
                }
            }
        }

        foreach (var values in repairs)
        {
            using var update = new SqliteStatement(connection, table.UpdateRow, persistent: false).Bind(values);
            update.Step();
        }

        return (read < RowsPerBatch ? -1 : last, repairs.Count);
    }

    /// <summary>A table's content columns that hold text or JSON, and the SQL that reads and rewrites them.</summary>
    private sealed class StoredColumns
    {
        private readonly string[] _text;
        private readonly string[] _json;

        public StoredColumns(string table, string[] text, string[] json)
        {
            Table = table;
            _text = text;
            _json = json;
            var columns = text.Concat(json).ToList();
            SelectBatch = $"SELECT rowid, {string.Join(", ", columns)} FROM {table} WHERE rowid > ?1 ORDER BY rowid LIMIT {RowsPerBatch}";
            // The folded name is derived from the name, so it is written again from the repaired one.
            UpdateRow = $"UPDATE {table} SET {string.Join(", ", columns.Select((c, i) => $"{c} = ?{i + 1}"))}, "
                + $"name_folded = ?{columns.Count + 1} WHERE rowid = ?{columns.Count + 2}";
        }

        public string Table { get; }

        public string SelectBatch { get; }

        public string UpdateRow { get; }

        /// <summary>The repaired values of the current row, in column order, then its folded name.</summary>
        public List<object?> Read(SqliteStatement row)
        {
            var values = new List<object?>();
            for (var i = 0; i < _text.Length; i++)
            {
                values.Add(row.TextOrNull(1 + i));
            }

            for (var i = 0; i < _json.Length; i++)
            {
                values.Add(row.JsonTextOrNull(1 + _text.Length + i));
            }

            values.Add(SqliteConversationRows.Fold((string)values[Array.IndexOf(_text, "name")]!));
            return values;
        }
    }
}
