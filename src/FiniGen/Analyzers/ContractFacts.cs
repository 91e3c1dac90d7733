using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using FiniGen.Rules;
using Microsoft.CodeAnalysis;

namespace FiniGen.Analyzers;

/// <summary>What the generator recorded on one generated symbol, read back as typed facts.</summary>
internal sealed class SymbolFacts
{
    public static readonly SymbolFacts None = new(ImmutableArray<ConstraintRule>.Empty, null, null, null, null, null, false);

    public SymbolFacts(ImmutableArray<ConstraintRule> rules, DiscriminatorFact? discriminator, string? enumValue, string? mustUseReason, SecretFact? secret, ImmutableArray<string>? enumValues, bool isRequestModel)
    {
        Rules = rules;
        Discriminator = discriminator;
        EnumValue = enumValue;
        MustUseReason = mustUseReason;
        Secret = secret;
        EnumValues = enumValues;
        IsRequestModel = isRequestModel;
    }

    /// <summary>The constraints on a property or parameter (an enum struct's own list of values is in <see cref="EnumValues"/>).</summary>
    public ImmutableArray<ConstraintRule> Rules { get; }

    /// <summary>Set on the member whose value selects which conditional rules hold.</summary>
    public DiscriminatorFact? Discriminator { get; }

    /// <summary>The wire value of a generated enum's member.</summary>
    public string? EnumValue { get; }

    /// <summary>Why the result of this operation must be used, when it must.</summary>
    public string? MustUseReason { get; }

    /// <summary>Set on the credential setting.</summary>
    public SecretFact? Secret { get; }

    /// <summary>The values a generated enum lists (its struct's rule), or null for other symbols.</summary>
    public ImmutableArray<string>? EnumValues { get; }

    /// <summary>Whether this is a model the contract uses in requests.</summary>
    public bool IsRequestModel { get; }
}

/// <summary>A discriminator: its wire name and the value the server assumes without it.</summary>
internal sealed class DiscriminatorFact
{
    public DiscriminatorFact(string wireName, string? defaultValue)
    {
        WireName = wireName;
        DefaultValue = defaultValue;
    }

    public string WireName { get; }

    public string? DefaultValue { get; }
}

/// <summary>A credential setting: what a real credential looks like, and where one is conventionally kept.</summary>
internal sealed class SecretFact
{
    public SecretFact(string? pattern, string? variable)
    {
        Pattern = pattern;
        Variable = variable;
    }

    public string? Pattern { get; }

    public string? Variable { get; }
}

/// <summary>
/// Reads the facts FiniGen records on generated members, from source or from a referenced assembly's metadata (where
/// the attribute types are internal to the library, and still readable). An attribute counts only if its type is one
/// of FiniGen's: the expected name, nested in a class, and itself marked <c>[GeneratedCode("FiniGen", …)]</c>. Facts are
/// cached per symbol for the compilation's lifetime; the identity of each attribute type is cached once.
/// </summary>
internal sealed class ContractFacts
{
    private readonly ConcurrentDictionary<ISymbol, SymbolFacts> _facts = new(SymbolEqualityComparer.Default);
    private readonly ConcurrentDictionary<INamedTypeSymbol, FactAttribute> _attributes = new(SymbolEqualityComparer.Default);

    private enum FactAttribute
    {
        None,
        Rule,
        Discriminator,
        EnumValue,
        MustUseResult,
        Secret,
        RequestModel,
    }

    /// <summary>The facts of <paramref name="symbol"/> (the original definition of a generic or constructed one).</summary>
    public SymbolFacts Of(ISymbol symbol) => _facts.GetOrAdd(symbol.OriginalDefinition, Read);

    /// <summary>The facts of a parameter, a property or a type, through <c>Nullable&lt;T&gt;</c> for types.</summary>
    public SymbolFacts OfType(ITypeSymbol type) => Of(Underlying(type));

    /// <summary>Whether <paramref name="type"/> is a generated client, whose methods are where requests are sent.</summary>
    public static bool IsClient(INamedTypeSymbol? type)
        => type is not null && IsGeneratedByFiniGen(type) && type.GetMembers("Options").OfType<IPropertySymbol>().Any();

    /// <summary><paramref name="type"/> without <c>Nullable&lt;T&gt;</c>.</summary>
    public static ITypeSymbol Underlying(ITypeSymbol type)
        => type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

    private SymbolFacts Read(ISymbol symbol)
    {
        var attributes = symbol.GetAttributes();
        if (attributes.IsEmpty)
        {
            return SymbolFacts.None;
        }

        ImmutableArray<ConstraintRule>.Builder? rules = null;
        DiscriminatorFact? discriminator = null;
        string? enumValue = null;
        string? mustUse = null;
        SecretFact? secret = null;
        ImmutableArray<string>? enumValues = null;
        var isRequest = false;
        foreach (var attribute in attributes)
        {
            if (attribute.AttributeClass is not { } type)
            {
                continue;
            }

            switch (_attributes.GetOrAdd(type, Identify))
            {
                case FactAttribute.Rule when Rule(attribute) is { } rule:
                    if (symbol is ITypeSymbol && rule.Kind == RuleKind.Enum)
                    {
                        enumValues = rule.Arguments.ToImmutableArray();
                    }
                    else
                    {
                        (rules ??= ImmutableArray.CreateBuilder<ConstraintRule>()).Add(rule);
                    }

                    break;
                case FactAttribute.Discriminator when Single(attribute) is { } wireName:
                    discriminator = new DiscriminatorFact(wireName, Named(attribute, "Default") as string);
                    break;
                case FactAttribute.EnumValue when Single(attribute) is { } value:
                    enumValue = value;
                    break;
                case FactAttribute.MustUseResult when Single(attribute) is { } reason:
                    mustUse = reason;
                    break;
                case FactAttribute.Secret when attribute.ConstructorArguments.Length == 2:
                    secret = new SecretFact(attribute.ConstructorArguments[0].Value as string, attribute.ConstructorArguments[1].Value as string);
                    break;
                case FactAttribute.RequestModel:
                    isRequest = true;
                    break;
            }
        }

        return rules is null && discriminator is null && enumValue is null && mustUse is null && secret is null && enumValues is null && !isRequest
            ? SymbolFacts.None
            : new SymbolFacts(rules?.ToImmutable() ?? ImmutableArray<ConstraintRule>.Empty, discriminator, enumValue, mustUse, secret, enumValues, isRequest);
    }

    private static ConstraintRule? Rule(AttributeData attribute)
    {
        if (attribute.ConstructorArguments.Length != 2 || attribute.ConstructorArguments[0].Value is not int kind || !System.Enum.IsDefined(typeof(RuleKind), kind))
        {
            return null;
        }

        var arguments = Strings(attribute.ConstructorArguments[1]);
        var items = Named(attribute, "Items") is true;
        var when = Named(attribute, "When") as string;
        var whenValues = attribute.NamedArguments.FirstOrDefault(n => n.Key == "WhenValues").Value is { Kind: TypedConstantKind.Array } values ? Strings(values) : null;
        return new ConstraintRule((RuleKind)kind, arguments, items, when, whenValues);
    }

    private static string? Single(AttributeData attribute)
        => attribute.ConstructorArguments.Length == 1 ? attribute.ConstructorArguments[0].Value as string : null;

    private static string[] Strings(TypedConstant constant)
        => constant.Kind == TypedConstantKind.Array && !constant.IsNull
            ? constant.Values.Select(v => v.Value as string).Where(v => v is not null).Select(v => v!).ToArray()
            : new string[0];

    private static object? Named(AttributeData attribute, string name)
    {
        foreach (var pair in attribute.NamedArguments)
        {
            if (pair.Key == name)
            {
                return pair.Value.Value;
            }
        }

        return null;
    }

    private static FactAttribute Identify(INamedTypeSymbol type)
    {
        var role = type.MetadataName switch
        {
            "FiniGenRuleAttribute" => FactAttribute.Rule,
            "FiniGenDiscriminatorAttribute" => FactAttribute.Discriminator,
            "FiniGenEnumValueAttribute" => FactAttribute.EnumValue,
            "FiniGenMustUseResultAttribute" => FactAttribute.MustUseResult,
            "FiniGenSecretAttribute" => FactAttribute.Secret,
            "FiniGenRequestModelAttribute" => FactAttribute.RequestModel,
            _ => FactAttribute.None,
        };
        return role != FactAttribute.None && type.ContainingType is not null && IsGeneratedByFiniGen(type) ? role : FactAttribute.None;
    }

    /// <summary>Whether <paramref name="type"/> carries <c>[GeneratedCode("FiniGen", …)]</c>.</summary>
    public static bool IsGeneratedByFiniGen(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "GeneratedCodeAttribute", ContainingNamespace: { Name: "Compiler", ContainingNamespace: { Name: "CodeDom", ContainingNamespace: { Name: "System" } } } }
                && attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value as string == "FiniGen")
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// The FiniGen clients a compilation can call: its own, and those of the assemblies it references, found by the
/// <c>AssemblyMetadata("FiniGen.Client", …)</c> marker every generated client carries. A referenced assembly's markers
/// are read once and kept as long as its symbol lives, so that an IDE's compilation after each keystroke pays nothing.
/// </summary>
internal static class FiniGenClients
{
    private const string Marker = "FiniGen.Client";
    private static readonly ConditionalWeakTable<IAssemblySymbol, string[]> s_markers = new();

    /// <summary>The client types <paramref name="compilation"/> can see; empty when it can see none.</summary>
    public static List<INamedTypeSymbol> In(Compilation compilation)
    {
        var clients = new List<INamedTypeSymbol>();
        Add(compilation, Markers(compilation.Assembly), clients);
        foreach (var reference in compilation.SourceModule.ReferencedAssemblySymbols)
        {
            Add(compilation, s_markers.GetValue(reference, Markers), clients);
        }

        return clients;
    }

    private static void Add(Compilation compilation, string[] names, List<INamedTypeSymbol> clients)
    {
        foreach (var name in names)
        {
            if (compilation.GetTypeByMetadataName(name) is { } client)
            {
                clients.Add(client);
            }
        }
    }

    private static string[] Markers(IAssemblySymbol assembly)
    {
        List<string>? names = null;
        foreach (var attribute in assembly.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "AssemblyMetadataAttribute" } && attribute.ConstructorArguments.Length == 2
                && attribute.ConstructorArguments[0].Value as string == Marker && attribute.ConstructorArguments[1].Value is string name)
            {
                (names ??= new List<string>()).Add(name);
            }
        }

        return names?.ToArray() ?? new string[0];
    }
}
