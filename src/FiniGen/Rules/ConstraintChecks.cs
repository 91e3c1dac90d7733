// FiniGen's rule engine: the one definition of what each contract constraint means, and of how a broken one is
// described. FiniGen's analyzers call it on values known at compile time, and the generator emits this same file into
// every client (namespace and names filled in) to check requests before they are sent. Keep it self-contained,
// netstandard2.0-compatible and free of anything a trimmed or AOT-compiled app cannot run.
#nullable enable
#pragma warning disable CS8524 // Switches over RuleKind name every kind and no others: a new kind must be a compile error (CS8509) here.

namespace FiniGen.Rules;

/// <summary>
/// One constraint of the contract on a value: its kind, its arguments, whether it applies to each item of a list, and
/// the discriminator values for which it holds. The analyzers read it from a <c>[FiniGenRule]</c> attribute; the
/// client holds it in a static field of the model it guards.
/// </summary>
internal sealed class ConstraintRule
{
    private readonly string[] _arguments;
    private readonly string[] _whenValues;

    /// <summary>Creates the rule.</summary>
    /// <param name="kind">What the rule says.</param>
    /// <param name="arguments">Its arguments: the format's name, the pattern, the count or bound as invariant text, or the enum's values.</param>
    /// <param name="items">Whether it applies to each item of a list rather than to the list.</param>
    /// <param name="when">The wire name of the discriminator it depends on, or null when it always holds.</param>
    /// <param name="whenValues">The discriminator values for which it holds.</param>
    public ConstraintRule(RuleKind kind, string[] arguments, bool items = false, string? when = null, string[]? whenValues = null)
    {
        Kind = kind;
        _arguments = arguments ?? new string[0];
        Items = items;
        When = when;
        _whenValues = whenValues ?? new string[0];
        Number = Parse(Kind, _arguments);
    }

    /// <summary>What the rule says.</summary>
    public RuleKind Kind { get; }

    /// <summary>Its arguments.</summary>
    public global::System.Collections.Generic.IReadOnlyList<string> Arguments => _arguments;

    /// <summary>The first argument: the format, the pattern, the count or the bound.</summary>
    public string Argument => _arguments.Length > 0 ? _arguments[0] : string.Empty;

    /// <summary>Whether the rule applies to each item of a list.</summary>
    public bool Items { get; }

    /// <summary>The wire name of the discriminator the rule depends on, or null.</summary>
    public string? When { get; }

    /// <summary>The discriminator values for which the rule holds.</summary>
    public global::System.Collections.Generic.IReadOnlyList<string> WhenValues => _whenValues;

    /// <summary>The count or bound, read once; null when the argument is no number the engine can compare with.</summary>
    public decimal? Number { get; }

    /// <summary>What kind of value the rule is about.</summary>
    public RuleSubject Subject => SubjectOf(Kind);

    /// <summary>What kind of value a rule of <paramref name="kind"/> is about.</summary>
    public static RuleSubject SubjectOf(RuleKind kind) => kind switch
    {
        RuleKind.Format or RuleKind.Pattern or RuleKind.MinLength or RuleKind.MaxLength or RuleKind.Enum => RuleSubject.Text,
        RuleKind.MinItems or RuleKind.MaxItems => RuleSubject.Count,
        RuleKind.Minimum or RuleKind.Maximum or RuleKind.ExclusiveMinimum or RuleKind.ExclusiveMaximum => RuleSubject.Number,
    };

    /// <summary>The rule as the contract writes it: <c>format uri</c>, <c>pattern ^https?://</c>, <c>minItems 1</c>, <c>enum</c>.</summary>
    public string Describe => Kind == RuleKind.Enum ? "enum" : Keyword(Kind) + " " + Argument;

    /// <summary>When the rule holds, for example <c>source is 'web'</c>; null when always.</summary>
    public string? Condition
    {
        get
        {
            if (When is null)
            {
                return null;
            }

            var text = When + " is ";
            for (var i = 0; i < _whenValues.Length; i++)
            {
                text += (i == 0 ? string.Empty : " or ") + "'" + _whenValues[i] + "'";
            }

            return text;
        }
    }

    /// <summary>Whether the rule holds for the discriminator value <paramref name="discriminator"/> (null: not known).</summary>
    public bool AppliesWhen(string? discriminator)
    {
        if (When is null)
        {
            return true;
        }

        foreach (var value in _whenValues)
        {
            if (string.Equals(value, discriminator, global::System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The contract's keyword for <paramref name="kind"/>.</summary>
    public static string Keyword(RuleKind kind) => kind switch
    {
        RuleKind.Format => "format",
        RuleKind.Pattern => "pattern",
        RuleKind.MinLength => "minLength",
        RuleKind.MaxLength => "maxLength",
        RuleKind.Enum => "enum",
        RuleKind.MinItems => "minItems",
        RuleKind.MaxItems => "maxItems",
        RuleKind.Minimum => "minimum",
        RuleKind.Maximum => "maximum",
        RuleKind.ExclusiveMinimum => "exclusiveMinimum",
        RuleKind.ExclusiveMaximum => "exclusiveMaximum",
    };

    private static decimal? Parse(RuleKind kind, string[] arguments)
    {
        var subject = kind switch
        {
            RuleKind.Format or RuleKind.Pattern or RuleKind.Enum => (RuleSubject?)null,
            RuleKind.MinLength or RuleKind.MaxLength or RuleKind.MinItems or RuleKind.MaxItems => RuleSubject.Count,
            RuleKind.Minimum or RuleKind.Maximum or RuleKind.ExclusiveMinimum or RuleKind.ExclusiveMaximum => RuleSubject.Number,
        };
        if (subject is null || arguments.Length == 0)
        {
            return null;
        }

        if (subject == RuleSubject.Count)
        {
            // A count is a whole number of zero or more; anything else decides nothing.
            return decimal.TryParse(arguments[0], global::System.Globalization.NumberStyles.None, global::System.Globalization.CultureInfo.InvariantCulture, out var count) ? count : null;
        }

        if (decimal.TryParse(arguments[0], global::System.Globalization.NumberStyles.Float, global::System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        // A bound beyond decimal's range (1e300) holds for every decimal on its side; one that is no number decides nothing.
        return double.TryParse(arguments[0], global::System.Globalization.NumberStyles.Float, global::System.Globalization.CultureInfo.InvariantCulture, out var far) && !double.IsNaN(far)
            ? (far > 0 ? decimal.MaxValue : decimal.MinValue)
            : null;
    }
}

/// <summary>Evaluates one contract constraint against one value, and words what is wrong.</summary>
internal static class ConstraintChecks
{
    /// <summary>The longest a pattern may take on one value before it decides nothing.</summary>
    public static readonly global::System.TimeSpan PatternTimeout = global::System.TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// The one wording of a broken rule, used by the analyzers' diagnostics and the client's exception alike:
    /// <c>request.documentIdsToAdd[0] = 'x' breaks the contract (format uri, when source is 'web'): it is not an absolute URL</c>.
    /// </summary>
    public static string Message(string member, string value, ConstraintRule rule, string problem)
        => Message(member, value, rule.Describe, rule.Condition, problem);

    /// <summary>The one wording of a broken rule, from its parts (see the other overload).</summary>
    public static string Message(string member, string value, string rule, string? condition, string problem)
        => member + " = '" + value + "' breaks the contract (" + rule + (condition is null ? string.Empty : ", when " + condition) + "): " + problem;

    /// <summary>Why <paramref name="value"/> breaks the string rule <paramref name="rule"/>, or null when it holds or is not about strings.</summary>
    public static string? StringViolation(ConstraintRule rule, string value) => rule.Kind switch
    {
        RuleKind.Format => FormatViolation(rule.Argument, value),
        RuleKind.Pattern => PatternMatches(rule.Argument, value) == false ? "it does not match the pattern " + rule.Argument : null,
        RuleKind.MinLength => !(value.Length < rule.Number) ? null : (value.Length == 0 ? "it is empty" : "it has " + value.Length + " characters") + ", but needs at least " + rule.Argument,
        RuleKind.MaxLength => !(value.Length > rule.Number) ? null : "it has " + value.Length + " characters, but allows at most " + rule.Argument,
        RuleKind.Enum => IsOneOf(rule.Arguments, value) ? null : "it is not one of " + string.Join(", ", rule.Arguments),
        RuleKind.MinItems or RuleKind.MaxItems or RuleKind.Minimum or RuleKind.Maximum or RuleKind.ExclusiveMinimum or RuleKind.ExclusiveMaximum => null,
    };

    /// <summary>Why a list of <paramref name="count"/> items breaks the count rule <paramref name="rule"/>, or null.</summary>
    public static string? CountViolation(ConstraintRule rule, int count) => rule.Kind switch
    {
        RuleKind.MinItems => !(count < rule.Number) ? null : (count == 0 ? "it is empty" : "it has " + count + " items") + ", but needs at least " + rule.Argument,
        RuleKind.MaxItems => !(count > rule.Number) ? null : "it has " + count + " items, but allows at most " + rule.Argument,
        RuleKind.Format or RuleKind.Pattern or RuleKind.MinLength or RuleKind.MaxLength or RuleKind.Enum => null,
        RuleKind.Minimum or RuleKind.Maximum or RuleKind.ExclusiveMinimum or RuleKind.ExclusiveMaximum => null,
    };

    /// <summary>Why <paramref name="value"/> breaks the numeric rule <paramref name="rule"/>, or null.</summary>
    public static string? NumberViolation(ConstraintRule rule, decimal value) => rule.Number is not { } bound ? null : rule.Kind switch
    {
        RuleKind.Minimum => value >= bound ? null : "it is less than the minimum " + rule.Argument,
        RuleKind.Maximum => value <= bound ? null : "it is greater than the maximum " + rule.Argument,
        RuleKind.ExclusiveMinimum => value > bound ? null : "it is not greater than " + rule.Argument,
        RuleKind.ExclusiveMaximum => value < bound ? null : "it is not less than " + rule.Argument,
        RuleKind.Format or RuleKind.Pattern or RuleKind.MinLength or RuleKind.MaxLength or RuleKind.Enum => null,
        RuleKind.MinItems or RuleKind.MaxItems => null,
    };

    private static bool IsOneOf(global::System.Collections.Generic.IReadOnlyList<string> allowed, string value)
    {
        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, value, global::System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Whether <paramref name="value"/> is an absolute URL as RFC 3986 (section 4.3) defines one: a scheme (a letter, then
    /// letters, digits, <c>+</c>, <c>-</c> or <c>.</c>, in any case), a colon and the rest, with nothing around it: no
    /// whitespace or control character anywhere, since a URL cannot hold one and a server would not take one.
    /// </summary>
    public static bool IsAbsoluteUrl(string value)
    {
        var colon = value.IndexOf(':');
        if (colon < 1 || !IsLetter(value[0]))
        {
            return false;
        }

        for (var i = 1; i < colon; i++)
        {
            var c = value[i];
            if (!IsLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.')
            {
                return false;
            }
        }

        foreach (var c in value)
        {
            if (c <= ' ' || c == '\u007f' || char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return global::System.Uri.TryCreate(value, global::System.UriKind.Absolute, out _);
    }

    /// <summary>Whether <paramref name="value"/> is an absolute <c>http</c> or <c>https</c> URL (in any case) with a host.</summary>
    public static bool IsAbsoluteHttpUrl(string value)
        => IsAbsoluteUrl(value)
            && global::System.Uri.TryCreate(value, global::System.UriKind.Absolute, out var uri)
            && (uri.Scheme == "http" || uri.Scheme == "https")
            && uri.Host.Length > 0;

    /// <summary>Whether <paramref name="value"/> is a UUID in its canonical 8-4-4-4-12 form.</summary>
    public static bool IsUuid(string value) => value.Length == 36 && global::System.Guid.TryParseExact(value, "D", out _);

    private static bool IsLetter(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');

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
                return IsAbsoluteUrl(value) ? null : "it is not an absolute URL (format uri)";
            default:
                // Other formats are annotations in JSON Schema; FiniGen does not enforce them.
                return null;
        }
    }

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
}
