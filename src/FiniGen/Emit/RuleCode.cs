using System.Collections.Generic;
using System.Linq;
using FiniGen.Common;
using FiniGen.Model;
using FiniGen.Rules;

namespace FiniGen.Emit;

/// <summary>
/// Writes the contract's facts as typed attributes on generated members (for the analyzers, which read them back from
/// source or metadata) and its rules as request checks (for the client), both over the shared
/// <see cref="RuleKind"/> and <see cref="ConstraintRule"/>.
/// </summary>
internal static class RuleCode
{
    /// <summary>One <c>[FiniGenRule]</c> attribute per rule, for a property or parameter.</summary>
    public static IEnumerable<string> Attributes(EmitContext context, EquatableArray<RuleModel> rules)
        => rules.Select(rule => "[" + context.Json + ".FiniGenRule(" + Arguments(context, rule) + NamedArguments(rule) + ")]");

    /// <summary>The attribute that marks the discriminator member, with the value the server assumes without it.</summary>
    public static string Discriminator(EmitContext context, DiscriminatorModel discriminator)
        => "[" + context.Json + ".FiniGenDiscriminator(" + Naming.StringLiteral(discriminator.WireName)
            + (discriminator.DefaultValue is { } value ? ", Default = " + Naming.StringLiteral(value) : string.Empty) + ")]";

    /// <summary>The attribute that gives an enum member its wire value.</summary>
    public static string EnumValue(EmitContext context, string value) => "[" + context.Json + ".FiniGenEnumValue(" + Naming.StringLiteral(value) + ")]";

    /// <summary>The attribute on an enum struct: the values the contract lists.</summary>
    public static string EnumValues(EmitContext context, IEnumerable<string> values)
        => "[" + context.Json + ".FiniGenRule(" + context.RuleKind + "." + nameof(RuleKind.Enum) + string.Concat(values.Select(v => ", " + Naming.StringLiteral(v))) + ")]";

    /// <summary>The attribute on a method whose result must be used, with the contract's reason.</summary>
    public static string MustUseResult(EmitContext context, string reason) => "[" + context.Json + ".FiniGenMustUseResult(" + Naming.StringLiteral(reason) + ")]";

    /// <summary>The attribute on the credential: the pattern real credentials match, and the variable that conventionally holds one.</summary>
    public static string Secret(EmitContext context, string? pattern, string? variable)
        => "[" + context.Json + ".FiniGenSecret(" + (pattern is null ? "null" : Naming.StringLiteral(pattern)) + ", " + (variable is null ? "null" : Naming.StringLiteral(variable)) + ")]";

    /// <summary>The attribute on a model the contract uses in requests: the only models whose values the analyzers check.</summary>
    public static string RequestModel(EmitContext context) => "[" + context.Json + ".FiniGenRequestModel]";

    /// <summary>An expression that creates the <see cref="ConstraintRule"/> of <paramref name="rule"/>, for a static field.</summary>
    public static string RuleExpression(EmitContext context, RuleModel rule)
        => "new " + context.ConstraintRule + "(" + context.RuleKind + "." + rule.Kind + ", new string[] { " + string.Join(", ", rule.Arguments.Select(Naming.StringLiteral)) + " }"
            + (rule.Items ? ", items: true" : string.Empty)
            + (rule.WhenMember is { } when ? ", when: " + Naming.StringLiteral(when) + ", whenValues: new string[] { " + string.Join(", ", rule.WhenValues.Select(Naming.StringLiteral)) + " }" : string.Empty)
            + ")";

    /// <summary>A static field per rule, named by <paramref name="field"/>.</summary>
    public static void WriteRuleFields(EmitContext context, SourceWriter writer, IEnumerable<RuleModel> rules, System.Func<RuleModel, string> field)
    {
        foreach (var rule in rules)
        {
            writer.WriteLine("private static readonly " + context.ConstraintRule + " " + field(rule) + " = " + RuleExpression(context, rule) + ";");
        }
    }

    private static string Arguments(EmitContext context, RuleModel rule)
        => context.RuleKind + "." + rule.Kind + string.Concat(rule.Arguments.Select(a => ", " + Naming.StringLiteral(a)));

    private static string NamedArguments(RuleModel rule)
        => (rule.Items ? ", Items = true" : string.Empty)
            + (rule.WhenMember is { } when ? ", When = " + Naming.StringLiteral(when) + ", WhenValues = new[] { " + string.Join(", ", rule.WhenValues.Select(Naming.StringLiteral)) + " }" : string.Empty);

    /// <summary>
    /// Statements that check one value against its unconditional and conditional rules and throw the contract's
    /// validation exception on the first violation.
    /// </summary>
    /// <param name="context">The contract's names.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="type">The value's type.</param>
    /// <param name="rules">The rules of the value.</param>
    /// <param name="field">The static field that holds each rule.</param>
    /// <param name="value">An expression for the (non-null) value.</param>
    /// <param name="member">An expression for the member path in messages.</param>
    /// <param name="whenLocal">Maps a discriminator wire name to the local that holds its current value.</param>
    /// <param name="operationId">An expression for the operation's ID in messages.</param>
    public static void WriteChecks(EmitContext context, SourceWriter writer, TypeRefModel type, IEnumerable<RuleModel> rules, System.Func<RuleModel, string> field, string value, string member, System.Func<string, string> whenLocal, string operationId = "operationId")
    {
        foreach (var group in rules.GroupBy(r => (r.WhenMember, Values: string.Join("\n", r.WhenValues))))
        {
            var condition = group.Key.WhenMember is null
                ? null
                : whenLocal(group.Key.WhenMember) + " is " + string.Join(" or ", group.First().WhenValues.Select(Naming.StringLiteral));
            if (condition is not null)
            {
                writer.WriteLine("if (" + condition + ")");
                writer.OpenBlock();
            }

            foreach (var rule in group.Where(r => !r.Items))
            {
                if (Check(context, type, rule, field(rule), value, member, operationId) is { } check)
                {
                    writer.WriteLine(check);
                }
            }

            var itemRules = group.Where(r => r.Items).ToList();
            if (itemRules.Count > 0 && type.Kind == TypeKind.Array && type.Item is { } item)
            {
                writer.WriteLine("for (var __i = 0; __i < " + value + ".Count; __i++)");
                writer.OpenBlock();
                var itemValue = item.IsNullable && item.IsValueType ? value + "[__i]!.Value" : value + "[__i]";
                var itemMember = member + " + \"[\" + __i.ToString(" + EmitContext.CultureInfo + ".InvariantCulture) + \"]\"";
                if (item.IsNullable || !item.IsValueType)
                {
                    // A null item is the JSON writer's to refuse (or to write, when the contract allows it), not a rule's.
                    writer.WriteLine("if (" + value + "[__i] is null)");
                    writer.OpenBlock();
                    writer.WriteLine("continue;");
                    writer.CloseBlock();
                }

                foreach (var rule in itemRules)
                {
                    if (Check(context, item, rule, field(rule), itemValue + (!item.IsValueType ? "!" : string.Empty), itemMember, operationId) is { } check)
                    {
                        writer.WriteLine(check);
                    }
                }

                writer.CloseBlock();
            }

            if (condition is not null)
            {
                writer.CloseBlock();
            }
        }
    }

    private static string? Check(EmitContext context, TypeRefModel type, RuleModel rule, string field, string value, string member, string operationId)
    {
        var validation = context.Validation;
        var head = validation + "." + (rule.Subject switch
        {
            RuleSubject.Text => "CheckString",
            RuleSubject.Count => "CheckCount",
            RuleSubject.Number => "CheckNumber",
        }) + "(" + operationId + ", " + member + ", ";
        var tail = ", " + field + ");";
        return rule.Subject switch
        {
            RuleSubject.Count => type.Kind is TypeKind.Array or TypeKind.Map ? head + value + ".Count" + tail : null,
            RuleSubject.Number => type.Kind switch
            {
                TypeKind.Int32 or TypeKind.Int64 or TypeKind.Decimal => head + "(decimal)" + value + tail,
                TypeKind.Single or TypeKind.Double => head + "(double)" + value + tail,
                _ => null,
            },
            RuleSubject.Text => type.Kind switch
            {
                TypeKind.String => head + value + tail,
                TypeKind.Enum => head + value + ".Value" + tail,
                _ => null,
            },
        };
    }

    /// <summary>Whether a value of <paramref name="type"/> with <paramref name="rules"/> needs any check at all.</summary>
    public static bool NeedsChecks(TypeRefModel type, EquatableArray<RuleModel> rules)
        => rules.Count > 0 || type.Kind == TypeKind.Object || (type.Kind == TypeKind.Array && type.Item?.Kind == TypeKind.Object);
}
