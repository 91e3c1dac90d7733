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
                    return PatternMatches(argument, value) == false ? "it does not match the pattern " + argument : null;

                case "minLength":
                    return !(value.Length < ParseInt(argument)) ? null : (value.Length == 0 ? "it is empty" : "it has " + value.Length + " characters") + ", but needs at least " + argument;
                case "maxLength":
                    return !(value.Length > ParseInt(argument)) ? null : "it has " + value.Length + " characters, but allows at most " + argument;
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
                    return !(count < ParseInt(argument)) ? null : (count == 0 ? "it is empty" : "it has " + count + " items") + ", but needs at least " + argument;
                case "maxItems":
                    return !(count > ParseInt(argument)) ? null : "it has " + count + " items, but allows at most " + argument;
                default:
                    return null;
            }
        }

        /// <summary>Why <paramref name="value"/> breaks the numeric rule <paramref name="kind"/>, or null.</summary>
        public static string? NumberViolation(string kind, string argument, decimal value)
        {
            // A bound beyond decimal's range (1e300) holds for every decimal on its side; one that is no number decides nothing.
            if (!decimal.TryParse(argument, global::System.Globalization.NumberStyles.Float, global::System.Globalization.CultureInfo.InvariantCulture, out var bound))
            {
                if (!double.TryParse(argument, global::System.Globalization.NumberStyles.Float, global::System.Globalization.CultureInfo.InvariantCulture, out var far) || double.IsNaN(far))
                {
                    return null;
                }

                bound = far > 0 ? decimal.MaxValue : decimal.MinValue;
            }

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

        /// <summary>The longest a pattern may take on one value before it decides nothing.</summary>
        public static readonly global::System.TimeSpan PatternTimeout = global::System.TimeSpan.FromMilliseconds(200);

        private static readonly global::System.Collections.Concurrent.ConcurrentDictionary<string, CompiledPattern> s_patterns = new(global::System.StringComparer.Ordinal);

        /// <summary>
        /// Whether <paramref name="value"/> matches <paramref name="pattern"/>, or null when that cannot be decided: the
        /// pattern is not one .NET can parse, or matching takes longer than <see cref="PatternTimeout"/>. An undecided
        /// pattern flags nothing, at compile time or before sending; the server remains the judge. Patterns run with
        /// .NET's non-backtracking engine where the runtime has it and the pattern allows it (no backreferences or
        /// lookarounds), so that no pattern, however catastrophic for a backtracking engine, can stall a build or a call.
        /// One that still runs out of time three times is not tried again in this process, so a list of values costs at
        /// most three timeouts, not one per value.
        /// </summary>
        public static bool? PatternMatches(string pattern, string value)
        {
            var compiled = s_patterns.GetOrAdd(pattern, Compile);
            if (compiled.Regex is null || compiled.Timeouts >= 3)
            {
                return null;
            }

            try
            {
                return compiled.Regex.IsMatch(value);
            }
            catch (global::System.Text.RegularExpressions.RegexMatchTimeoutException)
            {
                global::System.Threading.Interlocked.Increment(ref compiled.Timeouts);
                return null;
            }
        }

        private sealed class CompiledPattern
        {
            public CompiledPattern(global::System.Text.RegularExpressions.Regex? regex) => Regex = regex;

            public global::System.Text.RegularExpressions.Regex? Regex { get; }

            public int Timeouts;
        }

        private static CompiledPattern Compile(string pattern)
        {
            if (s_patterns.Count > 256)
            {
                // Bounded: the analyzers see the patterns of every contract a long-lived compiler host compiles.
                s_patterns.Clear();
            }

            // RegexOptions.NonBacktracking (.NET 7+) is 1024; older runtimes, and patterns it cannot run, refuse it.
            foreach (var options in new[] { (global::System.Text.RegularExpressions.RegexOptions)1024, global::System.Text.RegularExpressions.RegexOptions.None })
            {
                try
                {
                    return new CompiledPattern(new global::System.Text.RegularExpressions.Regex(pattern, options | global::System.Text.RegularExpressions.RegexOptions.CultureInvariant, PatternTimeout));
                }
                catch (global::System.Exception exception) when (exception is global::System.ArgumentException or global::System.NotSupportedException)
                {
                    // Not this way; a pattern .NET cannot parse at all decides nothing.
                }
            }

            return new CompiledPattern(null);
        }

        private static int? ParseInt(string text)
            => int.TryParse(text, global::System.Globalization.NumberStyles.Integer, global::System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
