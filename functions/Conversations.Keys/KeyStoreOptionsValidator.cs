using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace Conversations.Keys;

/// <summary>Checks the registry's settings at start, naming each bad setting as an app setting (<c>Auth__KeyStore__…</c>).</summary>
internal sealed partial class KeyStoreOptionsValidator(string settingPrefix) : IValidateOptions<KeyStoreOptions>
{
    public ValidateOptionsResult Validate(string? name, KeyStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        switch (options.Provider)
        {
            case KeyStoreProvider.Sqlite:
                if (string.IsNullOrWhiteSpace(options.Sqlite.Path))
                {
                    failures.Add($"{settingPrefix}__Sqlite__Path must name the registry's SQLite file.");
                }

                break;
            case KeyStoreProvider.Tables:
                failures.AddRange(TablesProblems(options.Tables));
                break;
            default:
                failures.Add($"{settingPrefix}__Provider must be Sqlite or Tables.");
                break;
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private IEnumerable<string> TablesProblems(KeyStoreOptions.TablesSettings tables)
    {
        var endpoint = !string.IsNullOrWhiteSpace(tables.Endpoint);
        var connectionString = !string.IsNullOrWhiteSpace(tables.ConnectionString);
        if (endpoint == connectionString)
        {
            yield return $"With {settingPrefix}__Provider=Tables set exactly one of {settingPrefix}__Tables__Endpoint (managed identity) "
                + $"or {settingPrefix}__Tables__ConnectionString (Azurite).";
        }
        else if (endpoint && !(Uri.TryCreate(tables.Endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "https" or "http"))
        {
            yield return $"{settingPrefix}__Tables__Endpoint must be the account's table endpoint, e.g. https://<account>.table.core.windows.net.";
        }
        else if (connectionString && !IsConnectionString(tables.ConnectionString!))
        {
            // The message never repeats the value: it holds an account key.
            yield return $"{settingPrefix}__Tables__ConnectionString is not a storage connection string with a table endpoint.";
        }

        if (!TableName().IsMatch(tables.TableName))
        {
            yield return $"{settingPrefix}__Tables__TableName must be 3 to 63 letters or digits, starting with a letter.";
        }

        if (!TableName().IsMatch(tables.UsageTableName) || string.Equals(tables.UsageTableName, tables.TableName, StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{settingPrefix}__Tables__UsageTableName must be 3 to 63 letters or digits, starting with a letter, and not the keys' table.";
        }
    }

    private static bool IsConnectionString(string value)
    {
        try
        {
            // Parses the string without any I/O.
            _ = new TableClient(value, KeyStoreOptions.DefaultTableName);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableName();
}
