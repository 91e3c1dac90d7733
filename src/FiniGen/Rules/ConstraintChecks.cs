// FiniGen's rule engine: the one definition of what each contract constraint means. FiniGen's analyzers call it on
// values known at compile time, and the generator emits this same file into every client (namespace and class
// renamed) to check requests before they are sent. Keep it self-contained, netstandard2.0-compatible and free of
// anything a trimmed or AOT-compiled app cannot run.
#nullable enable

namespace FiniGen.Rules
{
    /// <summary>Evaluates one contract constraint against one value.</summary>
    internal static class ConstraintChecks
    {
        /// <summary>Why <paramref name="value"/> breaks the string rule <paramref name="kind"/>, or null when it holds.</summary>
        /// <param name="kind">format, pattern, minLength, maxLength or enum.</param>
        /// <param name="argument">The rule's argument: the format name, the pattern, the length, or the values separated by new lines.</param>
        /// <param name="value">The value.</param>
        public static string? StringViolation(string kind, string argument, string value)
        {
            switch (kind)
            {
                case "format":
                    return FormatViolation(argument, value);
                case "pattern":
                    try
                    {
                        return global::System.Text.RegularExpressions.Regex.IsMatch(value, argument, global::System.Text.RegularExpressions.RegexOptions.None, global::System.TimeSpan.FromSeconds(1))
                            ? null
                            : "it does not match the pattern " + argument;
                    }
                    catch (global::System.ArgumentException)
                    {
                        // A pattern .NET cannot parse (or that times out) decides nothing; the contract is where to fix it.
                        return null;
                    }

                case "minLength":
                    return value.Length >= ParseInt(argument) ? null : (value.Length == 0 ? "it is empty" : "it has " + value.Length + " characters") + ", but needs at least " + argument;
                case "maxLength":
                    return value.Length <= ParseInt(argument) ? null : "it has " + value.Length + " characters, but allows at most " + argument;
                case "enum":
                    foreach (var allowed in argument.Split('\n'))
                    {
                        if (string.Equals(allowed, value, global::System.StringComparison.Ordinal))
                        {
                            return null;
                        }
                    }

                    return "it is not one of " + string.Join(", ", argument.Split('\n'));
                default:
                    return null;
            }
        }

        /// <summary>Why a list of <paramref name="count"/> items breaks the rule <paramref name="kind"/> (minItems or maxItems), or null.</summary>
        public static string? CountViolation(string kind, string argument, int count)
        {
            switch (kind)
            {
                case "minItems":
                    return count >= ParseInt(argument) ? null : (count == 0 ? "it is empty" : "it has " + count + " items") + ", but needs at least " + argument;
                case "maxItems":
                    return count <= ParseInt(argument) ? null : "it has " + count + " items, but allows at most " + argument;
                default:
                    return null;
            }
        }

        /// <summary>Why <paramref name="value"/> breaks the numeric rule <paramref name="kind"/>, or null.</summary>
        public static string? NumberViolation(string kind, string argument, decimal value)
        {
            var bound = decimal.Parse(argument, global::System.Globalization.NumberStyles.Float, global::System.Globalization.CultureInfo.InvariantCulture);
            switch (kind)
            {
                case "minimum":
                    return value >= bound ? null : "it is less than the minimum " + argument;
                case "maximum":
                    return value <= bound ? null : "it is greater than the maximum " + argument;
                case "exclusiveMinimum":
                    return value > bound ? null : "it is not greater than " + argument;
                case "exclusiveMaximum":
                    return value < bound ? null : "it is not less than " + argument;
                default:
                    return null;
            }
        }

        /// <summary>Whether <paramref name="value"/> is an absolute http or https URL with a host.</summary>
        public static bool IsAbsoluteHttpUrl(string value)
            => global::System.Uri.TryCreate(value, global::System.UriKind.Absolute, out var uri)
                && (uri.Scheme == "http" || uri.Scheme == "https")
                && uri.Host.Length > 0;

        /// <summary>Whether <paramref name="value"/> is a UUID in its canonical 8-4-4-4-12 form.</summary>
        public static bool IsUuid(string value) => value.Length == 36 && global::System.Guid.TryParseExact(value, "D", out _);

        private static string? FormatViolation(string format, string value)
        {
            switch (format)
            {
                case "uuid":
                    if (IsUuid(value))
                    {
                        return null;
                    }

                    return IsAbsoluteHttpUrl(value) ? "it is a URL, not an ID (format uuid)" : "it is not a UUID (format uuid)";
                case "uri":
                    return global::System.Uri.TryCreate(value, global::System.UriKind.Absolute, out var uri) && uri.Scheme.Length > 0 && !value.StartsWith("/", global::System.StringComparison.Ordinal)
                        ? null
                        : "it is not an absolute URL (format uri)";
                default:
                    // Other formats are annotations in JSON Schema; FiniGen does not enforce them.
                    return null;
            }
        }

        private static int ParseInt(string text) => int.Parse(text, global::System.Globalization.NumberStyles.Integer, global::System.Globalization.CultureInfo.InvariantCulture);
    }
}
