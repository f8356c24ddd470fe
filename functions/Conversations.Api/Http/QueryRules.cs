using System.Globalization;

namespace Conversations.Api.Http;

/// <summary>Parsing shared by the dialects' query strings; each dialect words the failures itself.</summary>
public static class QueryRules
{
    public enum IntProblem
    {
        None,
        NotAnInteger,
        TooSmall,
        TooLarge,
    }

    /// <summary>A query value as given, or null when absent or empty (clients send empty values to mean "the default").</summary>
    public static string? Given(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// An integer in plain decimal digits (an optional leading minus), else a problem. Stricter than
    /// <see cref="int.TryParse(string, out int)"/>, which also takes surrounding white space and
    /// trailing NUL characters (<c>limit=5%00</c> would read as 5).
    /// </summary>
    public static (int Value, IntProblem Problem) Bounded(string? text, int defaultValue, int min, int max)
    {
        if (text is null)
        {
            return (defaultValue, IntProblem.None);
        }

        var digits = text.StartsWith('-') ? text.AsSpan(1) : text.AsSpan();
        if (digits.IsEmpty || digits.Length > 9 || !digits.ContainsOnlyDigits())
        {
            return (0, IntProblem.NotAnInteger);
        }

        var value = int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return value < min ? (value, IntProblem.TooSmall) : value > max ? (value, IntProblem.TooLarge) : (value, IntProblem.None);
    }

    private static bool ContainsOnlyDigits(this ReadOnlySpan<char> text) => !text.ContainsAnyExceptInRange('0', '9');
}
