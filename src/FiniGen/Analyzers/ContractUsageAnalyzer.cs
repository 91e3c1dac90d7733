using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.RegularExpressions;
using FiniGen.Diagnostics;
using FiniGen.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace FiniGen.Analyzers;

/// <summary>
/// Checks values passed to a generated client against the rules of its contract, which the generator records on
/// the generated members as <c>[FiniGenRule]</c> attributes. Nothing here knows about any particular API.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ContractUsageAnalyzer : DiagnosticAnalyzer
{
    /// <summary>The diagnostic property holding the C# expression a code fix puts in place.</summary>
    public const string FixExpressionProperty = "FixExpression";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        DiagnosticDescriptors.NotAnAbsoluteUrl,
        DiagnosticDescriptors.UrlWhereIdExpected,
        DiagnosticDescriptors.MalformedUuid,
        DiagnosticDescriptors.ValueOutsideEnum,
        DiagnosticDescriptors.ListSize,
        DiagnosticDescriptors.RequiredMemberNull,
        DiagnosticDescriptors.ResultMustBeUsed,
        DiagnosticDescriptors.HardCodedCredential,
        DiagnosticDescriptors.NumberOutOfRange,
        DiagnosticDescriptors.PatternOrLength,
        DiagnosticDescriptors.UseEnumMember);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(OnCompilationStart);
    }

    private static void OnCompilationStart(CompilationStartAnalysisContext start)
    {
        // Nothing to do in a compilation without a generated FiniGen client.
        var ruleTypes = start.Compilation.GetSymbolsWithName(RuleAttributes.AttributeName, SymbolFilter.Type, start.CancellationToken).OfType<INamedTypeSymbol>().ToList();
        if (ruleTypes.Count == 0)
        {
            return;
        }

        var rules = new RuleAttributes();
        var checker = new Checker(rules, new KnownValues(rules));
        start.RegisterOperationAction(c => checker.ObjectCreation(c, (IObjectCreationOperation)c.Operation), OperationKind.ObjectCreation);
        start.RegisterOperationAction(c => checker.With(c, (IWithOperation)c.Operation), OperationKind.With);
        start.RegisterOperationAction(c => checker.Invocation(c, (IInvocationOperation)c.Operation), OperationKind.Invocation);
        start.RegisterOperationAction(c => checker.Assignment(c, (ISimpleAssignmentOperation)c.Operation), OperationKind.SimpleAssignment);

        var secrets = SecretPatterns(ruleTypes, rules);
        if (secrets.Count > 0)
        {
            start.RegisterOperationAction(c => CheckSecret(c, secrets), OperationKind.Literal);
        }
    }

    private static List<(Regex Pattern, string Api, string Variable)> SecretPatterns(List<INamedTypeSymbol> ruleTypes, RuleAttributes rules)
    {
        var patterns = new List<(Regex, string, string)>();
        foreach (var ns in ruleTypes.Select(t => t.ContainingNamespace).Distinct(SymbolEqualityComparer.Default).OfType<INamespaceSymbol>())
        {
            foreach (var type in ns.GetTypeMembers())
            {
                foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
                {
                    if (rules.First(property, "secretPattern") is not { } pattern)
                    {
                        continue;
                    }

                    try
                    {
                        var variable = rules.First(property, "secretVariable")?.Argument ?? (type.Name + "_" + property.Name).ToUpperInvariant();
                        patterns.Add((new Regex(pattern.Argument, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(200)), type.Name.Replace("ClientOptions", string.Empty), variable));
                    }
                    catch (ArgumentException)
                    {
                        // A pattern .NET cannot parse checks nothing; the contract is where to fix it.
                    }
                }
            }
        }

        return patterns;
    }

    private static void CheckSecret(OperationAnalysisContext context, List<(Regex Pattern, string Api, string Variable)> secrets)
    {
        if (context.Operation.ConstantValue is not { HasValue: true, Value: string text } || text.Length == 0 || text.Length > 512)
        {
            return;
        }

        foreach (var (pattern, api, variable) in secrets)
        {
            try
            {
                if (pattern.IsMatch(text))
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.HardCodedCredential,
                        context.Operation.Syntax.GetLocation(),
                        ImmutableDictionary<string, string?>.Empty.Add(FixExpressionProperty, "global::System.Environment.GetEnvironmentVariable(\"" + variable + "\") ?? throw new global::System.InvalidOperationException(\"Set the " + variable + " environment variable.\")"),
                        api,
                        pattern.ToString()));
                    return;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                return;
            }
        }
    }

    /// <summary>The checks, sharing one compilation's rule cache.</summary>
    private sealed class Checker
    {
        private readonly RuleAttributes _rules;
        private readonly KnownValues _values;

        public Checker(RuleAttributes rules, KnownValues values)
        {
            _rules = rules;
            _values = values;
        }

        public void ObjectCreation(OperationAnalysisContext context, IObjectCreationOperation creation)
        {
            if (creation.Initializer is { } initializer)
            {
                CheckInitializer(context, initializer, defaultsApply: true);
            }
        }

        public void With(OperationAnalysisContext context, IWithOperation with)
            => CheckInitializer(context, with.Initializer, defaultsApply: false);

        public void Assignment(OperationAnalysisContext context, ISimpleAssignmentOperation assignment)
        {
            // Assignments inside initializers are checked with their siblings, which may hold the discriminator.
            if (assignment.Parent is IObjectOrCollectionInitializerOperation || assignment.Target is not IPropertyReferenceOperation { Property: { } property })
            {
                return;
            }

            var value = _values.Evaluate(assignment.Value);
            if (value is KnownNull && property.IsRequired && IsGenerated(property.ContainingType))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RequiredMemberNull, assignment.Value.Syntax.GetLocation(), property.ContainingType.Name + "." + property.Name));
            }
            else if (value is not null)
            {
                CheckValue(context, property, property.ContainingType.Name + "." + property.Name, property.Type, value, _ => null, null);
            }
        }

        public void Invocation(OperationAnalysisContext context, IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            if (_rules.First(method.OriginalDefinition, "mustUseResult") is { } mustUse && IsDiscarded(invocation))
            {
                var reason = mustUse.Argument == "true" ? "the contract says it must be used (x-finigen-result-must-be-used)" : mustUse.Argument;
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.ResultMustBeUsed, invocation.Syntax.GetLocation(), method.Name, reason));
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is not { } parameter || argument.ArgumentKind == ArgumentKind.DefaultValue || _rules.Of(parameter).IsEmpty)
                {
                    continue;
                }

                var value = _values.Evaluate(argument.Value);
                if (value is not null)
                {
                    CheckValue(context, parameter, parameter.Name, parameter.Type, value, _ => null, null);
                }
            }
        }

        private void CheckInitializer(OperationAnalysisContext context, IObjectOrCollectionInitializerOperation initializer, bool defaultsApply)
        {
            var assignments = new List<(IPropertySymbol Property, ISimpleAssignmentOperation Assignment, KnownValue? Value)>();
            foreach (var item in initializer.Initializers)
            {
                if (item is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } property } } assignment && HasRules(property))
                {
                    assignments.Add((property, assignment, _values.Evaluate(assignment.Value)));
                }
            }

            if (assignments.Count == 0)
            {
                return;
            }

            // The discriminators this initializer sets, and the defaults of those it leaves out (an object creation
            // starts from the contract default; a with expression starts from a value we cannot see).
            var type = initializer.Type;
            string? Discriminator(string wireName)
            {
                foreach (var (property, _, value) in assignments)
                {
                    if (_rules.First(property, "discriminator")?.Argument == wireName)
                    {
                        return value is KnownString s ? s.Value : null;
                    }
                }

                if (!defaultsApply || type is null)
                {
                    return null;
                }

                foreach (var member in type.GetMembers().OfType<IPropertySymbol>())
                {
                    if (_rules.First(member, "discriminator")?.Argument == wireName)
                    {
                        return _rules.First(member, "default")?.Argument;
                    }
                }

                return null;
            }

            foreach (var (property, assignment, value) in assignments)
            {
                if (property.IsRequired && value is KnownNull && IsGenerated(property.ContainingType))
                {
                    context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.RequiredMemberNull, assignment.Value.Syntax.GetLocation(), property.ContainingType.Name + "." + property.Name));
                    continue;
                }

                if (value is not null)
                {
                    CheckValue(context, property, property.ContainingType.Name + "." + property.Name, property.Type, value, Discriminator, assignments);
                }
            }
        }

        private bool HasRules(IPropertySymbol property)
            => property.IsRequired || !_rules.Of(property).IsEmpty || _rules.First(UnderlyingType(property.Type), "enum") is not null;

        // FiniGen's models carry [GeneratedCode("FiniGen", …)]; "required by the contract" is only said of them.
        private static bool IsGenerated(INamedTypeSymbol type)
            => type.GetAttributes().Any(a => a.AttributeClass?.Name == "GeneratedCodeAttribute" && a.ConstructorArguments.Length > 0 && a.ConstructorArguments[0].Value as string == "FiniGen");

        private void CheckValue(
            OperationAnalysisContext context,
            ISymbol member,
            string memberName,
            ITypeSymbol memberType,
            KnownValue value,
            Func<string, string?> discriminator,
            List<(IPropertySymbol Property, ISimpleAssignmentOperation Assignment, KnownValue? Value)>? siblings)
        {
            var applicable = _rules.Of(member).Where(r => r.IsValueRule && Applies(r, discriminator)).ToList();
            if (value is KnownList list)
            {
                foreach (var rule in applicable.Where(r => !r.Items && r.Kind is "minItems" or "maxItems"))
                {
                    if (list.Complete && ConstraintChecks.CountViolation(rule.Kind, rule.Argument, list.Items.Length) is { } problem)
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

        private void CheckScalar(
            OperationAnalysisContext context,
            string memberName,
            ITypeSymbol? type,
            KnownValue value,
            List<RuleData> rules,
            KnownList? list,
            List<(IPropertySymbol Property, ISimpleAssignmentOperation Assignment, KnownValue? Value)>? siblings,
            Func<string, string?> discriminator)
        {
            // Values converted to a generated enum are checked against its values even where the member has no enum rule.
            var enumType = type is null ? null : UnderlyingType(type);
            var enumRule = enumType is null ? null : _rules.First(enumType, "enum");
            if (enumRule is not null && !rules.Any(r => r.Kind == "enum"))
            {
                rules = rules.Concat(new[] { enumRule }).ToList();
            }

            if (value is KnownString text)
            {
                // One diagnostic a value: the format (what the value is) first, then the rest.
                foreach (var rule in rules.OrderBy(r => r.Kind switch { "format" => 0, "enum" => 1, _ => 2 }))
                {
                    if (rule.IsValueRule && rule.Kind is "format" or "pattern" or "minLength" or "maxLength" or "enum"
                        && ConstraintChecks.StringViolation(rule.Kind, rule.Argument, text.Value) is { } problem)
                    {
                        var descriptor = rule.Kind switch
                        {
                            "format" when rule.Argument == "uri" => DiagnosticDescriptors.NotAnAbsoluteUrl,
                            "format" when ConstraintChecks.IsAbsoluteHttpUrl(text.Value) => DiagnosticDescriptors.UrlWhereIdExpected,
                            "format" => DiagnosticDescriptors.MalformedUuid,
                            "enum" => DiagnosticDescriptors.ValueOutsideEnum,
                            "pattern" when rules.Any(r => r.Kind == "format" && r.Argument == "uri") => DiagnosticDescriptors.NotAnAbsoluteUrl,
                            _ => DiagnosticDescriptors.PatternOrLength,
                        };
                        Report(context, descriptor, text.Source, text.Value, memberName, rule, problem, SwitchDiscriminatorFix(rule, list, siblings, discriminator));
                        return;
                    }
                }

                if (enumType is not null && enumRule is not null && text.Source is ILiteralOperation && EnumMember(enumType, text.Value) is { } memberExpression)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        DiagnosticDescriptors.UseEnumMember,
                        text.Source.Syntax.GetLocation(),
                        ImmutableDictionary<string, string?>.Empty.Add(FixExpressionProperty, memberExpression),
                        enumType.Name + "." + memberExpression.Substring(memberExpression.LastIndexOf('.') + 1),
                        text.Value));
                }

                return;
            }

            if (value is KnownNumber number)
            {
                foreach (var rule in rules.Where(r => r.Kind is "minimum" or "maximum" or "exclusiveMinimum" or "exclusiveMaximum"))
                {
                    if (ConstraintChecks.NumberViolation(rule.Kind, rule.Argument, number.Value) is { } problem)
                    {
                        Report(context, DiagnosticDescriptors.NumberOutOfRange, number.Source, number.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), memberName, rule, problem, null);
                        return;
                    }
                }
            }
        }

        /// <summary>
        /// When a conditional rule fails for every item of a list and another discriminator value would make them all
        /// valid, the fix is to change the discriminator (for example, URLs sent with source notion: use web).
        /// </summary>
        private string? SwitchDiscriminatorFix(
            RuleData failed,
            KnownList? list,
            List<(IPropertySymbol Property, ISimpleAssignmentOperation Assignment, KnownValue? Value)>? siblings,
            Func<string, string?> discriminator)
        {
            if (failed.When is null || list is null || !list.Complete || siblings is null || list.Items.Any(i => i is not KnownString))
            {
                return null;
            }

            var sibling = siblings.FirstOrDefault(s => _rules.First(s.Property, "discriminator")?.Argument == failed.When);
            if (sibling.Property is null || UnderlyingType(sibling.Property.Type) is not { } discriminatorType)
            {
                return null;
            }

            var member = siblings.Select(s => s.Property).FirstOrDefault(p => _rules.Of(p).Contains(failed));
            if (member is null)
            {
                return null;
            }

            // Offer the switch only when exactly one other value makes every list of the initializer valid.
            var candidates = _rules.Of(member).Where(r => r.When == failed.When).SelectMany(r => r.WhenValues).Distinct().Where(v => v != discriminator(failed.When)).ToList();
            var fitting = candidates.Where(candidate => siblings.All(s => Fits(s.Property, s.Value, failed.When, candidate))).ToList();
            return fitting.Count == 1 && EnumMember(discriminatorType, fitting[0]) is { } expression
                ? expression + "|" + sibling.Assignment.Value.Syntax.SpanStart + "|" + sibling.Assignment.Value.Syntax.Span.Length
                : null;
        }

        private bool Fits(IPropertySymbol property, KnownValue? value, string when, string candidate)
        {
            var rules = _rules.Of(property).Where(r => r.Items && r.When == when && r.WhenValues.Contains(candidate)).ToList();
            if (rules.Count == 0)
            {
                return true;
            }

            return value is KnownList { Complete: true } list
                && list.Items.All(item => item is KnownString text && rules.All(r => ConstraintChecks.StringViolation(r.Kind, r.Argument, text.Value) is null));
        }

        private string? EnumMember(ITypeSymbol enumType, string value)
        {
            foreach (var member in enumType.GetMembers().OfType<IPropertySymbol>())
            {
                if (member.IsStatic && _rules.First(member, "value")?.Argument == value)
                {
                    return enumType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + member.Name;
                }
            }

            return null;
        }

        private static bool Applies(RuleData rule, Func<string, string?> discriminator)
            => rule.When is null || (discriminator(rule.When) is { } current && rule.WhenValues.Contains(current));

        private static void Report(OperationAnalysisContext context, DiagnosticDescriptor descriptor, IOperation source, string value, string member, RuleData rule, string problem, string? fix)
        {
            var properties = fix is null ? ImmutableDictionary<string, string?>.Empty : ImmutableDictionary<string, string?>.Empty.Add(FixExpressionProperty, fix);
            context.ReportDiagnostic(Diagnostic.Create(
                descriptor,
                source.Syntax.GetLocation(),
                properties,
                value,
                member,
                rule.Describe,
                rule.Condition is { } condition ? ", when " + condition : string.Empty,
                problem));
        }

        private static string Display(IOperation operation)
        {
            var text = operation.Syntax.ToString();
            return text.Length <= 60 ? text : text.Substring(0, 57) + "...";
        }

        private static ITypeSymbol UnderlyingType(ITypeSymbol type)
            => type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

        private static ITypeSymbol? ElementType(ITypeSymbol type)
            => type switch
            {
                IArrayTypeSymbol array => array.ElementType,
                INamedTypeSymbol { IsGenericType: true } generic when generic.TypeArguments.Length == 1 => UnderlyingType(generic.TypeArguments[0]),
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
}
