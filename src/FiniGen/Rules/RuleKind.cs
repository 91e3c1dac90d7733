// FiniGen's rule kinds: one definition shared by the generator (its model, and the attributes it writes on generated
// members), the analyzers (which read those attributes back, from source or from a referenced assembly's metadata)
// and the generated client (which checks requests before sending them), like ConstraintChecks.cs. The switches that
// must handle every kind have no default arm, so a new kind is a compile error (CS8509) in each of them.
#nullable enable

namespace FiniGen.Rules;

/// <summary>What one constraint of the contract says about a value.</summary>
#if FINIGEN
public
#else
internal
#endif
enum RuleKind
{
    /// <summary><c>format</c>: the value's format (<c>uri</c>, <c>uuid</c>); argument: the format's name.</summary>
    Format = 1,

    /// <summary><c>pattern</c>: a regular expression the string matches; argument: the pattern.</summary>
    Pattern = 2,

    /// <summary><c>minLength</c>: the fewest characters; argument: the count.</summary>
    MinLength = 3,

    /// <summary><c>maxLength</c>: the most characters; argument: the count.</summary>
    MaxLength = 4,

    /// <summary><c>enum</c>: the values the string may take; arguments: the values.</summary>
    Enum = 5,

    /// <summary><c>minItems</c>: the fewest items of a list; argument: the count.</summary>
    MinItems = 6,

    /// <summary><c>maxItems</c>: the most items of a list; argument: the count.</summary>
    MaxItems = 7,

    /// <summary><c>minimum</c>: the least number; argument: the bound.</summary>
    Minimum = 8,

    /// <summary><c>maximum</c>: the greatest number; argument: the bound.</summary>
    Maximum = 9,

    /// <summary><c>exclusiveMinimum</c>: a number the value must exceed; argument: the bound.</summary>
    ExclusiveMinimum = 10,

    /// <summary><c>exclusiveMaximum</c>: a number the value must stay below; argument: the bound.</summary>
    ExclusiveMaximum = 11,
}

/// <summary>What kind of value a rule is about.</summary>
#if FINIGEN
public
#else
internal
#endif
enum RuleSubject
{
    /// <summary>A string (format, pattern, lengths, enum).</summary>
    Text,

    /// <summary>The number of items of a list.</summary>
    Count,

    /// <summary>A number.</summary>
    Number,
}
