using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using FiniGen.Common;
using FiniGen.Model;

namespace FiniGen.Emit;

/// <summary>Writes contract rules as <c>[FiniGenRule]</c> attributes (for the analyzers) and as request checks (for the client).</summary>
internal static class RuleCode
{
    /// <summary>One attribute per rule, for a property or parameter.</summary>
    public static IEnumerable<string> Attributes(EmitContext context, EquatableArray<RuleModel> rules)
        => rules.Select(rule => Attribute(context, rule.Kind, rule.Argument, rule));

    /// <summary>An attribute for a rule kind that has no <see cref="RuleModel"/> (value, mustUseResult, secretPattern, default).</summary>
    public static string Attribute(EmitContext context, string kind, string argument, RuleModel? rule = null)
    {
        var text = "[" + context.Json + ".FiniGenRule(" + Naming.StringLiteral(kind) + ", " + Naming.StringLiteral(argument);
        if (rule is { Items: true })
        {
            text += ", Items = true";
        }

        if (rule?.WhenMember is { } when)
        {
            text += ", When = " + Naming.StringLiteral(when) + ", WhenValues = new[] { " + string.Join(", ", rule.WhenValues.Select(Naming.StringLiteral)) + " }";
        }

        return text + ")]";
    }

    /// <summary>The condition text of a conditional rule for messages, or null.</summary>
    public static string? Condition(RuleModel rule)
        => rule.WhenMember is null ? null : rule.WhenMember + " is " + string.Join(" or ", rule.WhenValues.Select(v => "'" + v + "'"));

    /// <summary>
    /// Statements that check one value against its unconditional and conditional rules and throw the contract's
    /// validation exception on the first violation.
    /// </summary>
    /// <param name="context">The contract's names.</param>
    /// <param name="writer">Where to write.</param>
    /// <param name="type">The value's type.</param>
    /// <param name="rules">The rules of the value.</param>
    /// <param name="value">An expression for the (non-null) value.</param>
    /// <param name="member">An expression for the member path in messages.</param>
    /// <param name="whenLocal">Maps a discriminator wire name to the local that holds its current value.</param>
    /// <param name="operationId">An expression for the operation's ID in messages.</param>
    public static void WriteChecks(EmitContext context, SourceWriter writer, TypeRefModel type, IEnumerable<RuleModel> rules, string value, string member, System.Func<string, string> whenLocal, string operationId = "operationId")
    {
        var validation = context.Qualified(context.Header.BaseName + "Validation");
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
                var check = Check(context, validation, type, rule, value, member, operationId);
                if (check is not null)
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
                    var check = Check(context, validation, item, rule, itemValue + (!item.IsValueType ? "!" : string.Empty), itemMember, operationId);
                    if (check is not null)
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

    private static string? Check(EmitContext context, string validation, TypeRefModel type, RuleModel rule, string value, string member, string operationId)
    {
        var tail = ", " + Naming.StringLiteral(rule.Kind) + ", " + Naming.StringLiteral(rule.Argument) + ", " + (Condition(rule) is { } c ? Naming.StringLiteral(c) : "null") + ");";
        if (rule.IsCount)
        {
            return type.Kind is TypeKind.Array or TypeKind.Map ? validation + ".CheckCount(" + operationId + ", " + member + ", " + value + ".Count" + tail : null;
        }

        if (rule.IsNumeric)
        {
            return type.Kind switch
            {
                TypeKind.Int32 or TypeKind.Int64 or TypeKind.Decimal => validation + ".CheckNumber(" + operationId + ", " + member + ", (decimal)" + value + tail,
                TypeKind.Single or TypeKind.Double => validation + ".CheckNumber(" + operationId + ", " + member + ", (double)" + value + tail,
                _ => null,
            };
        }

        return type.Kind switch
        {
            TypeKind.String => validation + ".CheckString(" + operationId + ", " + member + ", " + value + tail,
            TypeKind.Enum => validation + ".CheckString(" + operationId + ", " + member + ", " + value + ".Value" + tail,
            _ => null,
        };
    }

    /// <summary>Whether a value of <paramref name="type"/> with <paramref name="rules"/> needs any check at all.</summary>
    public static bool NeedsChecks(TypeRefModel type, EquatableArray<RuleModel> rules)
        => rules.Count > 0 || type.Kind == TypeKind.Object || (type.Kind == TypeKind.Array && type.Item?.Kind == TypeKind.Object);

}
