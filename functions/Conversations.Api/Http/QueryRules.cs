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

    public static (int Value, IntProblem Problem) Bounded(string? text, int defaultValue, int min, int max)
    {
        if (text is null)
        {
            return (defaultValue, IntProblem.None);
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return (0, IntProblem.NotAnInteger);
        }

        return value < min ? (value, IntProblem.TooSmall) : value > max ? (value, IntProblem.TooLarge) : (value, IntProblem.None);
    }
}
