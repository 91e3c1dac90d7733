using System;
using System.Globalization;
using FiniGen.Model;

namespace FiniGen.Emit;

/// <summary>Builds the expressions and statements that read and write one value with Utf8JsonReader/Utf8JsonWriter.</summary>
internal static class JsonCode
{
    /// <summary>An expression that reads a <paramref name="type"/> value at the reader's current token.</summary>
    /// <param name="context">The contract's names.</param>
    /// <param name="type">The value's type.</param>
    /// <param name="reader">The reader variable.</param>
    /// <param name="acceptNull">Whether a JSON <c>null</c> reads as C# <c>null</c>.</param>
    /// <param name="depth">Nesting depth, to keep lambda parameter names unique.</param>
    public static string Read(EmitContext context, TypeRefModel type, string reader, bool acceptNull, int depth = 0)
    {
        var core = ReadCore(context, type, reader, depth);
        return acceptNull
            ? "(" + reader + ".TokenType == " + EmitContext.JsonTokenType + ".Null ? default(" + context.TypeName(type) + "?) : " + core + ")"
            : core;
    }

    private static string ReadCore(EmitContext context, TypeRefModel type, string reader, int depth)
    {
        var json = context.Json;
        switch (type.Kind)
        {
            case TypeKind.String:
                return json + ".ReadString(ref " + reader + ")";
            case TypeKind.Boolean:
                return json + ".ReadBoolean(ref " + reader + ")";
            case TypeKind.Int32:
                return json + ".ReadInt32(ref " + reader + ")";
            case TypeKind.Int64:
                return json + ".ReadInt64(ref " + reader + ")";
            case TypeKind.Single:
                return json + ".ReadSingle(ref " + reader + ")";
            case TypeKind.Double:
                return json + ".ReadDouble(ref " + reader + ")";
            case TypeKind.Decimal:
                return json + ".ReadDecimal(ref " + reader + ")";
            case TypeKind.DateTimeOffset:
                return json + ".ReadDateTimeOffset(ref " + reader + ")";
            case TypeKind.Date:
                return json + ".ReadDate(ref " + reader + ")";
            case TypeKind.Bytes:
                return json + ".ReadBytes(ref " + reader + ")";
            case TypeKind.Any:
                return EmitContext.JsonElement + ".ParseValue(ref " + reader + ")";
            case TypeKind.Object:
                return context.TypeName(type) + ".ReadJson(ref " + reader + ")";
            case TypeKind.Enum:
            case TypeKind.IntegerEnum:
                return "new " + context.TypeName(type) + "(" + json + EnumReadSuffix(context, type, reader) + ")";
            case TypeKind.Array:
            case TypeKind.Map:
                var item = EmitContext.Item(type);
                var inner = "__r" + (depth + 1).ToString(CultureInfo.InvariantCulture);
                var method = (type.Kind == TypeKind.Array ? ".ReadList" : ".ReadMap") + TypeArgument(context, item, depth);
                return json + method + "(ref " + reader + ", static (ref " + EmitContext.Utf8JsonReader + " " + inner + ") => "
                    + Read(context, item, inner, item.IsNullable, depth + 1) + ")";
            default:
                throw new InvalidOperationException("Unknown type kind " + type.Kind);
        }
    }

    private static string EnumReadSuffix(EmitContext context, TypeRefModel type, string reader)
        => context.EnumIsInteger(type) ? ".ReadInt32(ref " + reader + ")" : ".ReadString(ref " + reader + ")";

    /// <summary>
    /// A statement that writes <paramref name="value"/>. Every value goes through the JSON runtime's checked writers,
    /// which refuse what JSON cannot carry as given (a lone surrogate, NaN, a null the type forbids), naming
    /// <paramref name="member"/>.
    /// </summary>
    /// <param name="context">The contract's names.</param>
    /// <param name="type">The value's type.</param>
    /// <param name="writer">The writer variable.</param>
    /// <param name="value">An expression for the value.</param>
    /// <param name="nullable">Whether a null is written as JSON <c>null</c> (else it is refused).</param>
    /// <param name="member">The member's wire name as a C# literal, for messages; <c>null</c> for list items and whole bodies.</param>
    /// <param name="depth">Nesting depth, to keep lambda parameter names unique.</param>
    public static string Write(EmitContext context, TypeRefModel type, string writer, string value, bool nullable, string member = "null", int depth = 0)
    {
        if (!nullable)
        {
            return WriteCore(context, type, writer, value, member, depth);
        }

        var nonNull = type.IsValueType ? value + ".Value" : value;
        return "if (" + value + " is null) { " + writer + ".WriteNullValue(); } else { " + WriteCore(context, type, writer, nonNull, member, depth) + " }";
    }

    private static string WriteCore(EmitContext context, TypeRefModel type, string writer, string value, string member, int depth)
    {
        var json = context.Json;
        switch (type.Kind)
        {
            case TypeKind.String:
                return json + ".WriteString(" + writer + ", " + value + ", " + member + ");";
            case TypeKind.DateTimeOffset:
                return writer + ".WriteStringValue(" + value + ");";
            case TypeKind.Boolean:
                return writer + ".WriteBooleanValue(" + value + ");";
            case TypeKind.Int32:
            case TypeKind.Int64:
            case TypeKind.Decimal:
                return writer + ".WriteNumberValue(" + value + ");";
            case TypeKind.Single:
            case TypeKind.Double:
                return json + ".WriteNumber(" + writer + ", " + value + ", " + member + ");";
            case TypeKind.Date:
                return writer + ".WriteStringValue(" + value + ".ToString(\"yyyy-MM-dd\", " + EmitContext.CultureInfo + ".InvariantCulture));";
            case TypeKind.Bytes:
                return json + ".WriteBytes(" + writer + ", " + value + ", " + member + ");";
            case TypeKind.Any:
                return json + ".WriteAny(" + writer + ", " + value + ", " + member + ");";
            case TypeKind.Object:
                return json + ".WriteObject(" + writer + ", " + value + ", " + context.TypeName(type) + ".WriteJson, " + member + ");";
            case TypeKind.Enum:
                return json + ".WriteString(" + writer + ", " + value + ".Value, " + member + ");";
            case TypeKind.IntegerEnum:
                return writer + ".WriteNumberValue(" + value + ".Value);";
            case TypeKind.Array:
            case TypeKind.Map:
                var item = EmitContext.Item(type);
                var suffix = (depth + 1).ToString(CultureInfo.InvariantCulture);
                var method = (type.Kind == TypeKind.Array ? ".WriteList" : ".WriteMap") + TypeArgument(context, item, depth) + "(";
                var parameters = depth == 0
                    ? "__w" + suffix + ", __v" + suffix
                    : EmitContext.Utf8JsonWriter + " __w" + suffix + ", " + context.NullableTypeName(item, item.IsNullable) + " __v" + suffix;
                return json + method + writer + ", " + value + ", static (" + parameters + ") => { "
                    + Write(context, item, "__w" + suffix, "__v" + suffix, item.IsNullable, "null", depth + 1) + " }, " + member + ");";
            default:
                throw new InvalidOperationException("Unknown type kind " + type.Kind);
        }
    }

    // Inside another list or map, the item type is written out: inferring it from a lambda that holds another
    // inferred call makes the compiler bind each lambda once per level above it, time that doubles with each level
    // (20 nested lists took 94 s to compile). The outermost call infers, as it always has.
    private static string TypeArgument(EmitContext context, TypeRefModel item, int depth)
        => depth == 0 ? string.Empty : "<" + context.NullableTypeName(item, item.IsNullable) + ">";

    /// <summary>An expression that renders a parameter value for a URL (query or path) or header.</summary>
    public static string ToText(EmitContext context, TypeRefModel type, string value) => type.Kind switch
    {
        TypeKind.String => value,
        TypeKind.Boolean => "(" + value + " ? \"true\" : \"false\")",
        TypeKind.Int32 or TypeKind.Int64 or TypeKind.Decimal => value + ".ToString(" + EmitContext.CultureInfo + ".InvariantCulture)",
        TypeKind.Single or TypeKind.Double => value + ".ToString(\"R\", " + EmitContext.CultureInfo + ".InvariantCulture)",
        TypeKind.DateTimeOffset => value + ".ToString(\"O\", " + EmitContext.CultureInfo + ".InvariantCulture)",
        TypeKind.Date => value + ".ToString(\"yyyy-MM-dd\", " + EmitContext.CultureInfo + ".InvariantCulture)",
        TypeKind.Bytes => "global::System.Convert.ToBase64String(" + value + ")",
        TypeKind.Enum or TypeKind.IntegerEnum => context.EnumIsInteger(type) ? value + ".Value.ToString(" + EmitContext.CultureInfo + ".InvariantCulture)" : value + ".Value",
        _ => throw new InvalidOperationException("A " + type.Kind + " value cannot be rendered as text"),
    };
}
