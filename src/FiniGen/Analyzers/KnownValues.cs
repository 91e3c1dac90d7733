using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace FiniGen.Analyzers;

/// <summary>A value the analyzer knows at compile time, with the operation that produced it (for the location).</summary>
internal abstract class KnownValue
{
    protected KnownValue(IOperation source) => Source = source;

    public IOperation Source { get; }
}

internal sealed class KnownString : KnownValue
{
    public KnownString(string value, IOperation source)
        : base(source) => Value = value;

    public string Value { get; }
}

internal sealed class KnownNumber : KnownValue
{
    public KnownNumber(decimal value, IOperation source)
        : base(source) => Value = value;

    public decimal Value { get; }
}

internal sealed class KnownNull : KnownValue
{
    public KnownNull(IOperation source)
        : base(source)
    {
    }
}

/// <summary>A list whose items are known as far as they go; <see cref="Complete"/> says whether its size is known.</summary>
internal sealed class KnownList : KnownValue
{
    public KnownList(ImmutableArray<KnownValue?> items, bool complete, IOperation source)
        : base(source)
    {
        Items = items;
        Complete = complete;
    }

    public ImmutableArray<KnownValue?> Items { get; }

    public bool Complete { get; }
}

/// <summary>
/// Works out values at compile time: literals, constants, interpolated strings without holes, generated enum members,
/// arrays, collection expressions and initializers of such values, and locals assigned once from any of these.
/// Anything else is unknown (null), and an unknown value never produces a diagnostic.
/// </summary>
internal sealed class KnownValues
{
    private const int MaxDepth = 8;
    private readonly RuleAttributes _rules;

    public KnownValues(RuleAttributes rules) => _rules = rules;

    public KnownValue? Evaluate(IOperation? operation, int depth = 0)
    {
        if (operation is null || depth > MaxDepth)
        {
            return null;
        }

        if (operation.ConstantValue.HasValue)
        {
            return operation.ConstantValue.Value switch
            {
                null => new KnownNull(operation),
                string text => new KnownString(text, operation),
                bool => null,
                char => null,
                IConvertible number => ToDecimal(number) is { } value ? new KnownNumber(value, operation) : null,
                _ => null,
            };
        }

        switch (operation)
        {
            case IConversionOperation conversion:
                var inner = Evaluate(conversion.Operand, depth + 1);
                return inner is null ? null : Relocate(inner, operation);
            case IDefaultValueOperation when operation.Type is { IsReferenceType: true }:
                return new KnownNull(operation);
            case IPropertyReferenceOperation { Instance: null } property when _rules.First(property.Property, "value") is { } value:
                return new KnownString(value.Argument, operation);
            case IObjectCreationOperation creation when creation.Type is { } type && _rules.First(type, "enum") is not null
                && creation.Arguments.Length == 1 && Evaluate(creation.Arguments[0].Value, depth + 1) is KnownString wrapped:
                return new KnownString(wrapped.Value, operation);
            case IArrayCreationOperation { Initializer: { } initializer }:
                return new KnownList(initializer.ElementValues.Select(e => Evaluate(e, depth + 1)).ToImmutableArray(), true, operation);
            case IObjectCreationOperation { Initializer: { } collection, Arguments.Length: 0 } when collection.Initializers.All(i => i is IInvocationOperation { Arguments.Length: 1 }):
                return new KnownList(collection.Initializers.Select(i => Evaluate(((IInvocationOperation)i).Arguments[0].Value, depth + 1)).ToImmutableArray(), true, operation);
            case IObjectCreationOperation { Initializer: null, Arguments.Length: 0, Type: INamedTypeSymbol collectionType } when IsCollection(collectionType):
                return new KnownList(ImmutableArray<KnownValue?>.Empty, true, operation);
            case ILocalReferenceOperation local:
                return EvaluateLocal(local, depth);
        }

        // Collection expressions have no IOperation interface in Roslyn 4.8, FiniGen's floor: read them from syntax.
        if (operation.Syntax is CollectionExpressionSyntax collectionSyntax && operation.SemanticModel is { } model)
        {
            var items = ImmutableArray.CreateBuilder<KnownValue?>();
            var complete = true;
            foreach (var element in collectionSyntax.Elements)
            {
                if (element is ExpressionElementSyntax expressionElement)
                {
                    items.Add(Evaluate(model.GetOperation(expressionElement.Expression), depth + 1));
                }
                else
                {
                    // After a spread, the positions of later items are unknown too.
                    complete = false;
                    break;
                }
            }

            return new KnownList(items.ToImmutable(), complete, operation);
        }

        return null;
    }

    private static KnownValue Relocate(KnownValue value, IOperation operation) => value switch
    {
        // Keep the literal's own location for strings and numbers; lists take the outer one so that their size
        // diagnostic covers the whole expression.
        KnownList list => new KnownList(list.Items, list.Complete, operation),
        _ => value,
    };

    private KnownValue? EvaluateLocal(ILocalReferenceOperation reference, int depth)
    {
        var local = reference.Local;
        if (local.IsRef || local.DeclaringSyntaxReferences.Length != 1 || reference.SemanticModel is not { } model)
        {
            return null;
        }

        var declarator = local.DeclaringSyntaxReferences[0].GetSyntax() as VariableDeclaratorSyntax;
        if (declarator?.Initializer?.Value is not { } initializer)
        {
            return null;
        }

        // Assigned once: no other write, and (for lists, which can be changed through any use) no other use at all.
        var body = SyntaxScopes.EnclosingBody(declarator);
        if (body is null)
        {
            return null;
        }

        var immutable = local.Type.SpecialType == SpecialType.System_String || local.Type.IsValueType;
        foreach (var identifier in body.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText != local.Name || identifier.SpanStart == reference.Syntax.SpanStart)
            {
                continue;
            }

            if (!SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier).Symbol, local))
            {
                continue;
            }

            if (!immutable || IsWrite(identifier))
            {
                return null;
            }
        }

        return Evaluate(model.GetOperation(initializer), depth + 1);
    }

    private static bool IsCollection(INamedTypeSymbol type)
        => type.SpecialType != SpecialType.System_String
            && type.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_ICollection_T);

    private static bool IsWrite(IdentifierNameSyntax identifier)
    {
        // Climb out of tuple deconstructions: (a, b) = … writes a.
        SyntaxNode node = identifier;
        while (node.Parent is ArgumentSyntax { Parent: TupleExpressionSyntax } argumentInTuple)
        {
            node = argumentInTuple.Parent!;
        }

        return node.Parent switch
        {
            AssignmentExpressionSyntax assignment => assignment.Left == node,
            PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax => true,
            ArgumentSyntax argument => !argument.RefKindKeyword.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.None),
            _ => false,
        };
    }

    private static decimal? ToDecimal(IConvertible number)
    {
        try
        {
            return number.ToDecimal(CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is OverflowException or InvalidCastException or FormatException)
        {
            return null;
        }
    }
}
