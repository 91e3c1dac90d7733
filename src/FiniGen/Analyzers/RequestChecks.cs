using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using FiniGen.Diagnostics;
using FiniGen.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FiniGen.Analyzers;

/// <summary>
/// The checks of request values, sharing one compilation's caches. What is checked: arguments of a generated client's
/// methods, and members of the models the contract uses in requests (set in object initializers, <c>with</c>
/// expressions and assignments). Response models are never checked. A value is checked only if it is known
/// (<see cref="KnownValues"/>) and cannot change before the request is sent (<see cref="Flow"/>).
/// </summary>
internal sealed class RequestChecks
{
    private readonly ContractFacts _facts;
    private readonly KnownValues _values;
    private readonly LocalUses _uses;

    public RequestChecks(ContractFacts facts, KnownValues values, LocalUses uses)
    {
        _facts = facts;
        _values = values;
        _uses = uses;
    }

    /// <summary>A member set in an initializer, with its value (null when unknown, or when it may change before sending).</summary>
    private readonly struct Member
    {
        public Member(IPropertySymbol property, ISimpleAssignmentOperation assignment, KnownValue? value)
        {
            Property = property;
            Assignment = assignment;
            Value = value;
        }

        public IPropertySymbol Property { get; }

        public ISimpleAssignmentOperation Assignment { get; }

        public KnownValue? Value { get; }
    }

    public void ObjectCreation(OperationAnalysisContext context, IObjectCreationOperation creation)
    {
        if (creation.Initializer is not { } initializer || creation.Type is not INamedTypeSymbol type || !_facts.Of(type).IsRequestModel)
        {
            return;
        }

        var members = Members(initializer, Flow.OfCreated(creation, _uses));
        Check(context, type, members, members, defaultsApply: true, reportInherited: false, inherited: null);
    }

    public void With(OperationAnalysisContext context, IWithOperation with)
    {
        if (with.Type is not INamedTypeSymbol type || !_facts.Of(type).IsRequestModel)
        {
            return;
        }

        var result = Flow.OfCreated(with, _uses);
        var own = Members(with.Initializer, result);

        // The base is visible when it is a local assigned once from an object creation: its members carry over.
        if (with.Operand is ILocalReferenceOperation { Local: var local } reference && Creation(local, reference) is { Initializer: { } baseInitializer })
        {
            var baseFlow = Flow.OfLocal(local, reference, _uses);
            var shared = new Flow(baseFlow.Sealed && result.Sealed, baseFlow.Reassigned);
            var inherited = Members(baseInitializer, shared).Where(m => own.All(o => !SymbolEqualityComparer.Default.Equals(o.Property, m.Property))).ToList();

            // Inherited members are reported only when the with changes what they are checked against.
            var changesDiscriminator = own.Any(o => _facts.Of(o.Property).Discriminator is not null);
            Check(context, type, own, own.Concat(inherited).ToList(), defaultsApply: true, reportInherited: changesDiscriminator, inherited: inherited);
            return;
        }

        // A base we cannot see: only the with's own members are known, and defaults say nothing.
        Check(context, type, own, own, defaultsApply: false, reportInherited: false, inherited: null);
    }

    public void Assignment(OperationAnalysisContext context, ISimpleAssignmentOperation assignment)
    {
        // Assignments inside initializers are checked with their siblings, which may hold the discriminator.
        if (assignment.Parent is IObjectOrCollectionInitializerOperation || assignment.Target is not IPropertyReferenceOperation { Property: { } property } target
            || !_facts.Of(property.ContainingType).IsRequestModel)
        {
            return;
        }

        var value = _values.Evaluate(assignment.Value);
        Func<string, string?> discriminator = _ => null;
        List<Member>? siblings = null;
        if (target.Instance is ILocalReferenceOperation { Local: var local } instance)
        {
            // request.Member = … on a local made by a visible creation: the creation's discriminator holds, if nothing else sets it.
            var flow = Flow.OfLocal(local, instance, _uses);
            if (value is KnownList { Mutable: true } && !flow.Sealed)
            {
                value = null;
            }

            if (Creation(local, instance) is { Initializer: { } initializer } creation && SymbolEqualityComparer.Default.Equals(creation.Type, property.ContainingType))
            {
                siblings = Members(initializer, flow);
                var type = (INamedTypeSymbol)property.ContainingType;
                discriminator = wireName => flow.Reassigned.Any(p => _facts.Of(p).Discriminator?.WireName == wireName) ? null : Discriminator(type, siblings, wireName, defaultsApply: true);
            }
        }
        else if (value is KnownList { Mutable: true })
        {
            // Set on an object we cannot follow: anything may fill the list before it is sent.
            value = null;
        }

        if (value is KnownNull && property.IsRequired)
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RequiredMemberNull, assignment.Value.Syntax.GetLocation(), property.ContainingType.Name + "." + property.Name));
        }
        else if (value is not null)
        {
            CheckValue(context, property, property.ContainingType.Name + "." + property.Name, property.Type, value, discriminator, siblings);
        }
    }

    public void Invocation(OperationAnalysisContext context, IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (_facts.Of(method).MustUseReason is { } reason && IsDiscarded(invocation))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.ResultMustBeUsed,
                invocation.Syntax.GetLocation(),
                method.Name,
                reason == "true" ? "the contract says it must be used (x-finigen-result-must-be-used)" : reason));
        }

        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue || _facts.Of(parameter).Rules.IsEmpty)
            {
                continue;
            }

            if (_values.Evaluate(argument.Value) is { } value)
            {
                CheckValue(context, parameter, parameter.Name, parameter.Type, value, _ => null, null);
            }
        }
    }

    private List<Member> Members(IObjectOrCollectionInitializerOperation initializer, Flow flow)
    {
        var members = new List<Member>();
        foreach (var item in initializer.Initializers)
        {
            if (item is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } property } } assignment)
            {
                var value = _values.Evaluate(assignment.Value);
                if (flow.Reassigned.Contains(property) || (value is KnownList { Mutable: true } && !flow.Sealed))
                {
                    // Set again elsewhere, or a list that anything may fill before the request is sent.
                    value = null;
                }

                members.Add(new Member(property, assignment, value));
            }
        }

        return members;
    }

    // The creation a local is initialized with, if it is one (read through the semantic model of a use of it).
    private static IObjectCreationOperation? Creation(ILocalSymbol local, IOperation use)
    {
        if (local.DeclaringSyntaxReferences.Length != 1
            || local.DeclaringSyntaxReferences[0].GetSyntax() is not Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } value }
            || use.SemanticModel is not { } model || value.SyntaxTree != model.SyntaxTree)
        {
            return null;
        }

        return model.GetOperation(value) switch
        {
            IObjectCreationOperation creation => creation,
            IConversionOperation { Operand: IObjectCreationOperation creation } => creation,
            _ => null,
        };
    }

    private void Check(OperationAnalysisContext context, INamedTypeSymbol type, List<Member> reported, List<Member> all, bool defaultsApply, bool reportInherited, List<Member>? inherited)
    {
        string? Of(string wireName) => Discriminator(type, all, wireName, defaultsApply);
        foreach (var member in reportInherited && inherited is not null ? reported.Concat(inherited) : reported)
        {
            if (member.Value is KnownNull && member.Property.IsRequired)
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RequiredMemberNull, member.Assignment.Value.Syntax.GetLocation(), member.Property.ContainingType.Name + "." + member.Property.Name));
                continue;
            }

            if (member.Value is not null)
            {
                CheckValue(context, member.Property, member.Property.ContainingType.Name + "." + member.Property.Name, member.Property.Type, member.Value, Of, all);
            }
        }
    }

    // The value of the discriminator named wireName: set among the members, else the contract's default where defaults apply.
    private string? Discriminator(INamedTypeSymbol type, List<Member> members, string wireName, bool defaultsApply)
    {
        foreach (var member in members)
        {
            if (_facts.Of(member.Property).Discriminator?.WireName == wireName)
            {
                return member.Value is KnownString value ? value.Value : null;
            }
        }

        if (!defaultsApply)
        {
            return null;
        }

        foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
        {
            if (_facts.Of(property).Discriminator is { } discriminator && discriminator.WireName == wireName)
            {
                return discriminator.DefaultValue;
            }
        }

        return null;
    }

    private void CheckValue(OperationAnalysisContext context, ISymbol member, string memberName, ITypeSymbol memberType, KnownValue value, Func<string, string?> discriminator, List<Member>? siblings)
    {
        var applicable = _facts.Of(member).Rules.Where(r => r.When is null || r.AppliesWhen(discriminator(r.When))).ToList();
        if (value is KnownList list)
        {
            foreach (var rule in applicable.Where(r => !r.Items && r.Subject == RuleSubject.Count))
            {
                if (list.Complete && ConstraintChecks.CountViolation(rule, list.Items.Length) is { } problem)
                {
                    Report(context, DiagnosticDescriptors.ListSize, list.Source, Display(list.Source), memberName, rule, problem, null);
                }
            }

            var itemRules = applicable.Where(r => r.Items).ToList();
            var itemType = ElementType(memberType);
            for (var i = 0; i < list.Items.Length; i++)
            {
                if (list.Items[i] is { } item)
                {
                    CheckScalar(context, memberName + "[" + i + "]", itemType, item, itemRules, list, siblings, discriminator);
                }
            }

            return;
        }

        CheckScalar(context, memberName, memberType, value, applicable.Where(r => !r.Items).ToList(), null, siblings, discriminator);
    }

    private void CheckScalar(OperationAnalysisContext context, string memberName, ITypeSymbol? type, KnownValue value, List<ConstraintRule> rules, KnownList? list, List<Member>? siblings, Func<string, string?> discriminator)
    {
        // Values converted to a generated enum are checked against its values even where the member has no enum rule.
        var enumType = type is null ? null : ContractFacts.Underlying(type);
        var enumValues = enumType is null ? null : _facts.Of(enumType).EnumValues;
        if (enumValues is { } values && !rules.Any(r => r.Kind == RuleKind.Enum))
        {
            rules = rules.Concat(new[] { new ConstraintRule(RuleKind.Enum, values.ToArray()) }).ToList();
        }

        // One diagnostic a value: the format (what the value is) first, then its enum, then the rest.
        var ordered = rules.OrderBy(r => r.Kind switch { RuleKind.Format => 0, RuleKind.Enum => 1, _ => 2 }).ToList();
        switch (value)
        {
            case KnownString text:
                foreach (var rule in ordered)
                {
                    if (ConstraintChecks.StringViolation(rule, text.Value) is { } problem)
                    {
                        Report(context, Descriptor(rule, text.Value), text.Source, text.Value, memberName, rule, problem, SwitchDiscriminatorFix(rule, list, siblings, discriminator));
                        return;
                    }
                }

                if (enumType is not null && enumValues is not null && text.Source is ILiteralOperation && EnumMember(enumType, text.Value) is { } memberExpression)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UseEnumMember,
                        text.Source.Syntax.GetLocation(),
                        ImmutableDictionary<string, string?>.Empty.Add(ContractUsageAnalyzer.FixExpressionProperty, memberExpression),
                        enumType.Name + "." + memberExpression.Substring(memberExpression.LastIndexOf('.') + 1),
                        text.Value));
                }

                return;
            case KnownNumber number:
                foreach (var rule in ordered.Where(r => r.Subject == RuleSubject.Number))
                {
                    if (ConstraintChecks.NumberViolation(rule, number.Value) is { } problem)
                    {
                        Report(context, DiagnosticDescriptors.NumberOutOfRange, number.Source, number.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), memberName, rule, problem, null);
                        return;
                    }
                }

                return;
            case KnownChoice choice:
                // Every arm breaking the same rule is a mistake whichever arm runs; one that holds makes it unknown.
                foreach (var rule in ordered)
                {
                    var problems = choice.Alternatives.Select(a => a switch
                    {
                        KnownString s => ConstraintChecks.StringViolation(rule, s.Value),
                        KnownNumber n when rule.Subject == RuleSubject.Number => ConstraintChecks.NumberViolation(rule, n.Value),
                        _ => null,
                    }).ToList();
                    if (problems.All(p => p is not null))
                    {
                        var shown = string.Join("' or '", choice.Alternatives.Select(a => a is KnownString s ? s.Value : a is KnownNumber n ? n.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "null"));
                        var first = choice.Alternatives[0] is KnownString firstText ? firstText.Value : string.Empty;
                        Report(context, rule.Subject == RuleSubject.Number ? DiagnosticDescriptors.NumberOutOfRange : Descriptor(rule, first), choice.Source, shown, memberName, rule, problems[0]!, null);
                        return;
                    }
                }

                return;
        }
    }

    /// <summary>The diagnostic for a broken string rule: what the rule is about decides it.</summary>
    private static DiagnosticDescriptor Descriptor(ConstraintRule rule, string value) => rule.Kind switch
    {
        RuleKind.Format when rule.Argument == "uri" => DiagnosticDescriptors.NotAnAbsoluteUrl,
        RuleKind.Format when ConstraintChecks.IsAbsoluteHttpUrl(value) => DiagnosticDescriptors.UrlWhereIdExpected,
        RuleKind.Format => DiagnosticDescriptors.MalformedUuid,
        RuleKind.Enum => DiagnosticDescriptors.ValueOutsideEnum,
        RuleKind.Pattern or RuleKind.MinLength or RuleKind.MaxLength => DiagnosticDescriptors.PatternOrLength,
        RuleKind.MinItems or RuleKind.MaxItems => DiagnosticDescriptors.ListSize,
        RuleKind.Minimum or RuleKind.Maximum or RuleKind.ExclusiveMinimum or RuleKind.ExclusiveMaximum => DiagnosticDescriptors.NumberOutOfRange,
    };

    /// <summary>
    /// When a conditional rule fails for every item of a list and another discriminator value would make them all
    /// valid, the fix is to change the discriminator (for example, URLs sent with source notion: use web). The fix's
    /// expression travels in the diagnostic's properties, the discriminator's value as its additional location.
    /// </summary>
    private (string Expression, Location Where)? SwitchDiscriminatorFix(ConstraintRule failed, KnownList? list, List<Member>? siblings, Func<string, string?> discriminator)
    {
        if (failed.When is null || list is null || !list.Complete || siblings is null || list.Items.Any(i => i is not KnownString))
        {
            return null;
        }

        var sibling = siblings.FirstOrDefault(s => _facts.Of(s.Property).Discriminator?.WireName == failed.When);
        if (sibling.Property is null || ContractFacts.Underlying(sibling.Property.Type) is not { } discriminatorType)
        {
            return null;
        }

        var member = siblings.Select(s => s.Property).FirstOrDefault(p => _facts.Of(p).Rules.Contains(failed));
        if (member is null)
        {
            return null;
        }

        // Offer the switch only when exactly one other value makes every list of the initializer valid.
        var current = discriminator(failed.When);
        var candidates = _facts.Of(member).Rules.Where(r => r.When == failed.When).SelectMany(r => r.WhenValues).Distinct().Where(v => v != current).ToList();
        var fitting = candidates.Where(candidate => siblings.All(s => Fits(s.Property, s.Value, failed.When, candidate))).ToList();
        return fitting.Count == 1 && EnumMember(discriminatorType, fitting[0]) is { } expression
            ? (expression, sibling.Assignment.Value.Syntax.GetLocation())
            : null;
    }

    private bool Fits(IPropertySymbol property, KnownValue? value, string when, string candidate)
    {
        var rules = _facts.Of(property).Rules.Where(r => r.Items && r.When == when && r.AppliesWhen(candidate)).ToList();
        if (rules.Count == 0)
        {
            return true;
        }

        return value is KnownList { Complete: true } list
            && list.Items.All(item => item is KnownString text && rules.All(r => ConstraintChecks.StringViolation(r, text.Value) is null));
    }

    private string? EnumMember(ITypeSymbol enumType, string value)
    {
        foreach (var member in enumType.GetMembers().OfType<IPropertySymbol>())
        {
            if (member.IsStatic && _facts.Of(member).EnumValue == value)
            {
                return enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + member.Name;
            }
        }

        return null;
    }

    private static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, IOperation source, string value, string member, ConstraintRule rule, string problem, (string Expression, Location Where)? fix)
    {
        var properties = fix is { } f ? ImmutableDictionary<string, string?>.Empty.Add(ContractUsageAnalyzer.FixExpressionProperty, f.Expression) : ImmutableDictionary<string, string?>.Empty;
        context.ReportDiagnostic(Diagnostic.Create(
            descriptor,
            source.Syntax.GetLocation(),
            fix is { } g ? new[] { g.Where } : null,
            properties,
            ConstraintChecks.Message(member, value, rule, problem)));
    }

    private static string Display(IOperation operation)
    {
        var text = operation.Syntax.ToString();
        return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
    }

    private static ITypeSymbol? ElementType(ITypeSymbol type)
        => type switch
        {
            IArrayTypeSymbol array => array.ElementType,
            INamedTypeSymbol { IsGenericType: true } generic when generic.TypeArguments.Length == 1 => ContractFacts.Underlying(generic.TypeArguments[0]),
            _ => null,
        };

    /// <summary>Whether the value of <paramref name="invocation"/> (awaited or not) is thrown away.</summary>
    private static bool IsDiscarded(IInvocationOperation invocation)
    {
        IOperation current = invocation;
        while (current.Parent is IAwaitOperation or IConversionOperation
            || (current.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == current))
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IExpressionStatementOperation:
                return true;
            case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                return true;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } declarator }:
                return !IsRead(local, declarator);
            default:
                return false;
        }
    }

    private static bool IsRead(ILocalSymbol local, IVariableDeclaratorOperation declarator)
    {
        var root = SyntaxScopes.EnclosingBody(declarator.Syntax);
        var model = declarator.SemanticModel;
        if (root is null || model is null)
        {
            return true;
        }

        return root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax>()
            .Any(identifier => identifier.Identifier.ValueText == local.Name && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(identifier).Symbol, local));
    }
}

/// <summary>
/// What may happen to an object between its making and its sending. <see cref="Sealed"/>: nothing can reach its
/// lists in between (it is made inline in a client call, or kept in a local that is only sent, read for its scalar
/// members, or has members set), so a list it holds keeps the items it was given. <see cref="Reassigned"/>: the members
/// set again through that local, whose first values say nothing.
/// </summary>
internal sealed class Flow
{
    private static readonly Flow Open = new(false, ImmutableHashSet<IPropertySymbol>.Empty);
    private static readonly Flow Closed = new(true, ImmutableHashSet<IPropertySymbol>.Empty);

    public Flow(bool @sealed, ImmutableHashSet<IPropertySymbol> reassigned)
    {
        Sealed = @sealed;
        Reassigned = reassigned;
    }

    public bool Sealed { get; }

    public ImmutableHashSet<IPropertySymbol> Reassigned { get; }

    /// <summary>The flow of the object <paramref name="created"/> makes (an object creation or a with expression).</summary>
    public static Flow OfCreated(IOperation created, LocalUses uses)
    {
        var current = created;
        while (current.Parent is IConversionOperation or IParenthesizedOperation)
        {
            current = current.Parent;
        }

        switch (current.Parent)
        {
            case IArgumentOperation { Parent: IInvocationOperation invocation } when ContractFacts.IsClient(invocation.TargetMethod.ContainingType):
                return Closed;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } }:
                return OfLocal(local, created, uses);
            case ISimpleAssignmentOperation { Parent: IObjectOrCollectionInitializerOperation { Parent: { } parent } } member when member.Value == current && parent is IObjectCreationOperation or IWithOperation:
                // A nested object goes where its parent goes.
                return OfCreated(parent, uses);
            default:
                return Open;
        }
    }

    private static IWithOperation? WithOf(IOperation operation)
    {
        while (operation is IConversionOperation or IParenthesizedOperation)
        {
            operation = operation.Parent!;
        }

        return operation as IWithOperation;
    }

    /// <summary>The flow of the object in <paramref name="local"/>, from its uses other than <paramref name="except"/>.</summary>
    public static Flow OfLocal(ILocalSymbol local, IOperation except, LocalUses uses)
    {
        var @sealed = true;
        var reassigned = ImmutableHashSet.CreateBuilder<IPropertySymbol>(SymbolEqualityComparer.Default);
        foreach (var use in uses.Of(local, except))
        {
            switch (use.Kind)
            {
                case UseKind.ClientArgument:
                case UseKind.ReadItems:
                    break;
                case UseKind.MemberAssignment when use.Member is not null:
                    reassigned.Add(use.Member);
                    break;
                case UseKind.WithBase when use.Reference.Parent is { } parent && WithOf(parent) is { } with && OfCreated(with, uses).Sealed:
                    // A copy shares the lists; a copy that is only sent cannot change them.
                    break;
                default:
                    @sealed = false;
                    break;
            }
        }

        return new Flow(@sealed, reassigned.ToImmutable());
    }
}
