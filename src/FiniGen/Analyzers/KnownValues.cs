using System;
using System.Collections.Concurrent;
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

/// <summary>
/// A list whose items are known as far as they go; <see cref="Complete"/> says whether its size is known, and
/// <see cref="Mutable"/> whether it is a collection that can grow or shrink after it is made (a <c>List&lt;T&gt;</c>), as
/// opposed to an array.
/// </summary>
internal sealed class KnownList : KnownValue
{
    public KnownList(ImmutableArray<KnownValue?> items, bool complete, bool mutable, IOperation source)
        : base(source)
    {
        Items = items;
        Complete = complete;
        Mutable = mutable;
    }

    public ImmutableArray<KnownValue?> Items { get; }

    public bool Complete { get; }

    public bool Mutable { get; }
}

/// <summary>One of several known values (the arms of a conditional or switch expression), each known.</summary>
internal sealed class KnownChoice : KnownValue
{
    public KnownChoice(ImmutableArray<KnownValue> alternatives, IOperation source)
        : base(source) => Alternatives = alternatives;

    public ImmutableArray<KnownValue> Alternatives { get; }
}

/// <summary>
/// Works out values at compile time: literals, constants, <c>string.Empty</c>, interpolated strings without holes,
/// generated enum members and <c>new E("…")</c>, arrays (<c>new[] { … }</c>, <c>new T[n]</c>, <c>Array.Empty&lt;T&gt;()</c>),
/// collection expressions and collection initializers of such values, conditional and switch expressions whose every
/// arm is known, and locals assigned once from any of these and otherwise only read. Anything else is unknown (null),
/// and an unknown value never produces a diagnostic.
/// </summary>
internal sealed class KnownValues
{
    private const int MaxDepth = 8;
    private readonly ContractFacts _facts;
    private readonly LocalUses _uses;

    public KnownValues(ContractFacts facts, LocalUses uses)
    {
        _facts = facts;
        _uses = uses;
    }

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
            case IParenthesizedOperation parenthesized:
                return Evaluate(parenthesized.Operand, depth + 1);
            case IDefaultValueOperation when operation.Type is { IsReferenceType: true }:
                return new KnownNull(operation);
            case IFieldReferenceOperation { Instance: null, Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } }:
                return new KnownString(string.Empty, operation);
            case IPropertyReferenceOperation { Instance: null } property when _facts.Of(property.Property).EnumValue is { } value:
                return new KnownString(value, operation);
            case IObjectCreationOperation creation when creation.Type is { } type && _facts.OfType(type).EnumValues is not null
                && creation.Arguments.Length == 1 && Evaluate(creation.Arguments[0].Value, depth + 1) is KnownString wrapped:
                return new KnownString(wrapped.Value, operation);
            case IArrayCreationOperation { Initializer: { } initializer }:
                return new KnownList(initializer.ElementValues.Select(e => Evaluate(e, depth + 1)).ToImmutableArray(), true, false, operation);
            case IArrayCreationOperation { Initializer: null, DimensionSizes.Length: 1 } sized when sized.DimensionSizes[0].ConstantValue is { HasValue: true, Value: int length } && length is >= 0 and <= 10_000:
                // new string[3]: three items, none known.
                return new KnownList(Enumerable.Repeat<KnownValue?>(null, length).ToImmutableArray(), true, false, operation);
            case IInvocationOperation { TargetMethod: { Name: "Empty", IsGenericMethod: true, ContainingType.SpecialType: SpecialType.System_Array }, Arguments.Length: 0 }:
                return new KnownList(ImmutableArray<KnownValue?>.Empty, true, false, operation);
            case IObjectCreationOperation { Initializer: { } collection, Arguments.Length: 0 } when collection.Initializers.All(i => i is IInvocationOperation { Arguments.Length: 1 }):
                return new KnownList(collection.Initializers.Select(i => Evaluate(((IInvocationOperation)i).Arguments[0].Value, depth + 1)).ToImmutableArray(), true, true, operation);
            case IObjectCreationOperation { Initializer: null, Arguments.Length: 0, Type: INamedTypeSymbol collectionType } when IsCollection(collectionType):
                return new KnownList(ImmutableArray<KnownValue?>.Empty, true, true, operation);
            case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                return Choice(operation, new[] { conditional.WhenTrue, whenFalse }, depth);
            case ISwitchExpressionOperation switchExpression:
                return Choice(operation, switchExpression.Arms.Select(a => a.Value), depth);
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

            var target = model.GetTypeInfo(collectionSyntax).ConvertedType;
            return new KnownList(items.ToImmutable(), complete, IsGrowable(target), operation);
        }

        return null;
    }

    private KnownChoice? Choice(IOperation operation, IEnumerable<IOperation> arms, int depth)
    {
        var alternatives = ImmutableArray.CreateBuilder<KnownValue>();
        foreach (var arm in arms)
        {
            if (Evaluate(arm, depth + 1) is not { } value || value is KnownList or KnownChoice)
            {
                // An arm that is unknown (or itself a list or a choice) makes the whole expression unknown.
                return null;
            }

            alternatives.Add(value);
        }

        return alternatives.Count == 0 ? null : new KnownChoice(alternatives.ToImmutable(), operation);
    }

    private static KnownValue Relocate(KnownValue value, IOperation operation) => value switch
    {
        // Keep the literal's own location for strings and numbers; lists and choices take the outer one so that their
        // diagnostic covers the whole expression.
        KnownList list => new KnownList(list.Items, list.Complete, list.Mutable, operation),
        KnownChoice choice => new KnownChoice(choice.Alternatives, operation),
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

        // Assigned once, and every other use only reads it: for a list, reading its length or items, or enumerating it.
        var immutable = local.Type.SpecialType == SpecialType.System_String || local.Type.IsValueType;
        foreach (var use in _uses.Of(local, reference))
        {
            if (use.Kind == UseKind.Write || (!immutable && use.Kind is not (UseKind.ReadItems or UseKind.ClientArgument)))
            {
                return null;
            }
        }

        return Evaluate(model.GetOperation(initializer), depth + 1);
    }

    private static bool IsCollection(INamedTypeSymbol type)
        => type.SpecialType != SpecialType.System_String
            && type.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_ICollection_T);

    // What a collection expression becomes: an array or a read-only interface has a fixed size; a List<T> (for IList<T>,
    // ICollection<T> or List<T> itself) can grow.
    private static bool IsGrowable(ITypeSymbol? target)
        => target is not IArrayTypeSymbol
            && !(target is INamedTypeSymbol named && named.OriginalDefinition.SpecialType is SpecialType.System_Collections_Generic_IEnumerable_T
                or SpecialType.System_Collections_Generic_IReadOnlyCollection_T or SpecialType.System_Collections_Generic_IReadOnlyList_T);

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

/// <summary>How a local is used, apart from its declaration.</summary>
internal enum UseKind
{
    /// <summary>Passed as an argument of a generated client's method: sent as it is.</summary>
    ClientArgument,

    /// <summary>A member read that cannot change it: a string or number member of an object, a list's length or items.</summary>
    ReadItems,

    /// <summary>A member of the object assigned through it (<c>request.Source = …</c>).</summary>
    MemberAssignment,

    /// <summary>The base of a <c>with</c> expression.</summary>
    WithBase,

    /// <summary>The local itself assigned again, or passed by reference.</summary>
    Write,

    /// <summary>Anything else: passed to a method, returned, stored, a collection member read (which anything may then change).</summary>
    Escape,
}

/// <summary>One use of a local: how, and for a member assignment, which member.</summary>
internal readonly struct LocalUse
{
    public LocalUse(UseKind kind, IPropertySymbol? member, IOperation reference)
    {
        Kind = kind;
        Member = member;
        Reference = reference;
    }

    public UseKind Kind { get; }

    public IPropertySymbol? Member { get; }

    public IOperation Reference { get; }
}

/// <summary>
/// Every use of a local in the body that declares it, classified; found once per local and cached for the
/// compilation, since several checks ask about the same request object.
/// </summary>
internal sealed class LocalUses
{
    private readonly ConcurrentDictionary<ILocalSymbol, ImmutableArray<LocalUse>> _cache = new(SymbolEqualityComparer.Default);

    /// <summary>The uses of <paramref name="local"/> other than <paramref name="except"/> (the one being asked about), found through its semantic model.</summary>
    public IEnumerable<LocalUse> Of(ILocalSymbol local, IOperation except)
    {
        var uses = _cache.GetOrAdd(local, l => Find(l, except.SemanticModel));
        foreach (var use in uses)
        {
            if (use.Reference is null || use.Reference.Syntax.SpanStart != except.Syntax.SpanStart || use.Reference.Syntax.SyntaxTree != except.Syntax.SyntaxTree)
            {
                yield return use;
            }
        }
    }

    private static readonly ImmutableArray<LocalUse> s_unknown = ImmutableArray.Create(new LocalUse(UseKind.Write, null, null!));

    private static ImmutableArray<LocalUse> Find(ILocalSymbol local, SemanticModel? model)
    {
        if (local.DeclaringSyntaxReferences.Length != 1 || model is null)
        {
            return s_unknown;
        }

        var declaration = local.DeclaringSyntaxReferences[0].GetSyntax();
        if (declaration.SyntaxTree != model.SyntaxTree || SyntaxScopes.EnclosingBody(declaration) is not { } body)
        {
            return s_unknown;
        }

        var uses = ImmutableArray.CreateBuilder<LocalUse>();
        foreach (var identifier in body.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (identifier.Identifier.ValueText == local.Name
                && model.GetOperation(identifier) is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                uses.Add(Classify(reference));
            }
        }

        return uses.ToImmutable();
    }

    private static LocalUse Classify(ILocalReferenceOperation reference)
    {
        IOperation current = reference;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        // Out of tuples: (a, b) = … writes a.
        var outer = current;
        while (outer.Parent is ITupleOperation)
        {
            outer = outer.Parent;
        }

        if (outer.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == outer && outer != current)
        {
            return new LocalUse(UseKind.Write, null, reference);
        }

        switch (current.Parent)
        {
            case ISimpleAssignmentOperation assignment when assignment.Target == current:
            case ICompoundAssignmentOperation compound when compound.Target == current:
            case IIncrementOrDecrementOperation:
            case IDeconstructionAssignmentOperation:
                return new LocalUse(UseKind.Write, null, reference);
            case IArgumentOperation argument when argument.Parameter?.RefKind is RefKind.Ref or RefKind.Out:
                return new LocalUse(UseKind.Write, null, reference);
            case IArgumentOperation { Parent: IInvocationOperation invocation } when ContractFacts.IsClient(invocation.TargetMethod.ContainingType):
                return new LocalUse(UseKind.ClientArgument, null, reference);
            case IPropertyReferenceOperation property when property.Instance == current:
                if (property.Parent is ISimpleAssignmentOperation set && set.Target == property)
                {
                    return new LocalUse(UseKind.MemberAssignment, property.Property, reference);
                }

                // Reading a list's length, a string or a number changes nothing; reading a list member hands it out.
                return new LocalUse(property.Property.Name is "Count" or "Length" || Immutable(property.Property.Type) ? UseKind.ReadItems : UseKind.Escape, null, reference);
            case IArrayElementReferenceOperation element when element.ArrayReference == current:
                return new LocalUse(element.Parent is ISimpleAssignmentOperation write && write.Target == element ? UseKind.Escape : UseKind.ReadItems, null, reference);
            case IForEachLoopOperation loop when loop.Collection == current || (loop.Collection is IConversionOperation c && c.Operand == current):
                return new LocalUse(UseKind.ReadItems, null, reference);
            case IWithOperation with when with.Operand == current:
                return new LocalUse(UseKind.WithBase, null, reference);
            default:
                return new LocalUse(UseKind.Escape, null, reference);
        }
    }

    private static bool Immutable(ITypeSymbol type)
        => ContractFacts.Underlying(type) is { } underlying && (underlying.SpecialType == SpecialType.System_String || underlying.IsValueType);
}
