using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace FiniGen.Analyzers;

/// <summary>A <c>[FiniGenRule]</c> attribute read back from a generated member.</summary>
internal sealed class RuleData
{
    public RuleData(string kind, string argument, bool items, string? when, ImmutableArray<string> whenValues)
    {
        Kind = kind;
        Argument = argument;
        Items = items;
        When = when;
        WhenValues = whenValues;
    }

    public string Kind { get; }

    public string Argument { get; }

    public bool Items { get; }

    public string? When { get; }

    public ImmutableArray<string> WhenValues { get; }

    public bool IsValueRule => Kind is "format" or "pattern" or "minLength" or "maxLength" or "enum" or "minItems" or "maxItems" or "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum";

    public string Describe => Kind == "enum" ? "enum" : Kind + " " + Argument;

    public string? Condition => When is null ? null : When + " is " + string.Join(" or ", WhenValues.Select(v => "'" + v + "'"));
}

/// <summary>Reads and caches the rules of generated members for one compilation.</summary>
internal sealed class RuleAttributes
{
    /// <summary>The attribute FiniGen generates into each contract's namespace.</summary>
    public const string AttributeName = "FiniGenRuleAttribute";

    private readonly ConcurrentDictionary<ISymbol, ImmutableArray<RuleData>> _cache = new(SymbolEqualityComparer.Default);

    /// <summary>The rules on <paramref name="symbol"/> (a property, parameter, method, enum struct or enum member).</summary>
    public ImmutableArray<RuleData> Of(ISymbol symbol) => _cache.GetOrAdd(symbol, static s => Read(s));

    /// <summary>The first rule of <paramref name="kind"/> on <paramref name="symbol"/>, or null.</summary>
    public RuleData? First(ISymbol symbol, string kind)
    {
        foreach (var rule in Of(symbol))
        {
            if (rule.Kind == kind)
            {
                return rule;
            }
        }

        return null;
    }

    private static ImmutableArray<RuleData> Read(ISymbol symbol)
    {
        var rules = ImmutableArray.CreateBuilder<RuleData>();
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass?.Name != AttributeName || attribute.ConstructorArguments.Length != 2
                || attribute.ConstructorArguments[0].Value is not string kind || attribute.ConstructorArguments[1].Value is not string argument)
            {
                continue;
            }

            var items = false;
            string? when = null;
            var whenValues = ImmutableArray<string>.Empty;
            foreach (var named in attribute.NamedArguments)
            {
                switch (named.Key)
                {
                    case "Items" when named.Value.Value is bool b:
                        items = b;
                        break;
                    case "When" when named.Value.Value is string w:
                        when = w;
                        break;
                    case "WhenValues" when !named.Value.IsNull && named.Value.Kind == TypedConstantKind.Array:
                        whenValues = named.Value.Values.Select(v => v.Value as string).Where(v => v is not null).Select(v => v!).ToImmutableArray();
                        break;
                }
            }

            rules.Add(new RuleData(kind, argument, items, when, whenValues));
        }

        return rules.ToImmutable();
    }
}
