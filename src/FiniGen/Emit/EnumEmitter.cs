using System.Linq;
using FiniGen.Common;
using FiniGen.Model;

namespace FiniGen.Emit;

/// <summary>
/// Emits an enumeration as an open struct: the contract's values are static members, and a value the server adds
/// later reads, compares and writes back unchanged instead of throwing.
/// </summary>
internal static class EnumEmitter
{
    public static void Emit(EmitContext context, EnumModel model, SourceWriter writer)
    {
        context.WriteFileHeader(writer);
        var self = context.Qualified(model.Name);
        var valueType = model.IsInteger ? "int" : "string";
        var known = "Known values: " + string.Join(", ", model.Members.Select(m => "`" + m.Value + "`")) + "."
            + (model.DefaultJson is null ? string.Empty : " The server's default is `" + model.DefaultJson + "`.")
            + "\n\nOpen on read: a value the contract does not list is kept (see `IsKnown`). Requests should only use the known values.";
        DocComments.SummaryAndRemarks(writer, null, model.Description, "The `" + model.SchemaName + "` values of " + context.Header.Title + ".", known);
        writer.WriteLine(context.GeneratedCodeAttribute);
        writer.WriteLine("[" + EmitContext.JsonConverterAttribute + "(typeof(" + context.Json + "." + model.Name + "Converter))]");
        if (!model.IsInteger)
        {
            writer.WriteLine(RuleCode.EnumValues(context, model.Members.Select(m => m.Value)));
        }

        writer.WriteLine("public readonly partial struct " + model.Name + " : " + EmitContext.IEquatable + "<" + self + ">");
        writer.OpenBlock();
        writer.WriteLine(model.IsInteger ? "private readonly int _value;" : "private readonly string? _value;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Creates a value; it need not be one of the known values.</summary>");
        writer.WriteLine("/// <param name=\"value\">The wire value.</param>");
        writer.WriteLine("public " + model.Name + "(" + valueType + " value)");
        writer.OpenBlock();
        writer.WriteLine(model.IsInteger ? "_value = value;" : "_value = value ?? throw new " + EmitContext.ArgumentNullException + "(nameof(value));");
        writer.CloseBlock();
        writer.WriteLine();

        foreach (var member in model.Members)
        {
            var literal = model.IsInteger ? member.Value : Naming.StringLiteral(member.Value);
            writer.WriteLine("/// <summary>The value <c>" + DocComments.Text(member.Value) + "</c>.</summary>");
            writer.WriteLine(RuleCode.EnumValue(context, member.Value));
            writer.WriteLine("public static " + self + " " + member.Name + " { get; } = new(" + literal + ");");
            writer.WriteLine();
        }

        writer.WriteLine("/// <summary>The values the contract lists, in contract order.</summary>");
        writer.WriteLine("public static " + EmitContext.IReadOnlyList + "<" + self + "> KnownValues { get; } = new " + self + "[] { " + string.Join(", ", model.Members.Select(m => m.Name)) + " };");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The wire value" + (model.IsInteger ? "." : "; empty for <c>default</c>.") + "</summary>");
        writer.WriteLine("public " + valueType + " Value => _value" + (model.IsInteger ? string.Empty : " ?? string.Empty") + ";");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Whether this is one of the values the contract lists.</summary>");
        if (model.Members.Count == 0)
        {
            writer.WriteLine("public bool IsKnown => false;");
        }
        else
        {
            var literals = model.Members.Select(m => model.IsInteger ? m.Value : Naming.StringLiteral(m.Value));
            writer.WriteLine("public bool IsKnown => _value is " + string.Join(" or ", literals) + ";");
        }

        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine(model.IsInteger
            ? "public bool Equals(" + self + " other) => _value == other._value;"
            : "public bool Equals(" + self + " other) => string.Equals(Value, other.Value, global::System.StringComparison.Ordinal);");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine("public override bool Equals(object? obj) => obj is " + self + " other && Equals(other);");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine(model.IsInteger
            ? "public override int GetHashCode() => _value.GetHashCode();"
            : "public override int GetHashCode() => " + EmitContext.StringComparer + ".Ordinal.GetHashCode(Value);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>The wire value.</summary>");
        writer.WriteLine(model.IsInteger
            ? "public override string ToString() => _value.ToString(" + EmitContext.CultureInfo + ".InvariantCulture);"
            : "public override string ToString() => Value;");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Compares wire values" + (model.IsInteger ? "." : ", ordinally.") + "</summary>");
        writer.WriteLine("public static bool operator ==(" + self + " left, " + self + " right) => left.Equals(right);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Compares wire values" + (model.IsInteger ? "." : ", ordinally.") + "</summary>");
        writer.WriteLine("public static bool operator !=(" + self + " left, " + self + " right) => !left.Equals(right);");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Wraps a wire value.</summary>");
        writer.WriteLine("public static implicit operator " + self + "(" + valueType + " value) => new(value);");
        writer.CloseBlock();
        writer.WriteLine();

        writer.WriteLine("internal static partial class " + context.JsonName);
        writer.OpenBlock();
        writer.WriteLine("/// <summary>Reads and writes <see cref=\"" + self + "\"/> as its wire value.</summary>");
        writer.WriteLine(context.GeneratedCodeAttribute);
        writer.WriteLine("internal sealed class " + model.Name + "Converter : " + EmitContext.JsonConverterOf + "<" + self + ">");
        writer.OpenBlock();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine("public override " + self + " Read(ref " + EmitContext.Utf8JsonReader + " reader, " + EmitContext.Type + " typeToConvert, " + EmitContext.JsonSerializerOptions + " options) => new(" + context.Json + (model.IsInteger ? ".ReadInt32" : ".ReadString") + "(ref reader));");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine("public override void Write(" + EmitContext.Utf8JsonWriter + " writer, " + self + " value, " + EmitContext.JsonSerializerOptions + " options) => writer." + (model.IsInteger ? "WriteNumberValue" : "WriteStringValue") + "(value.Value);");
        writer.CloseBlock();
        writer.CloseBlock();
    }
}
