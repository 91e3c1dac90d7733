using System.Linq;
using FiniGen.Model;

namespace FiniGen.Emit;

/// <summary>Emits one object schema: the class, its presence tracking, and its reflection-free JSON code.</summary>
internal static class ModelEmitter
{
    public static void Emit(EmitContext context, ObjectModel model, SourceWriter writer)
    {
        context.WriteFileHeader(writer);
        var self = context.Qualified(model.Name);
        DocComments.SummaryAndRemarks(writer, null, model.Description, "The `" + model.SchemaName + "` schema of " + context.Header.Title + ".");
        writer.WriteLine(context.GeneratedCodeAttribute);
        writer.WriteLine("[" + EmitContext.JsonConverterAttribute + "(typeof(" + context.Json + "." + model.Name + "Converter))]");
        if (model.Deprecated)
        {
            writer.WriteLine("[" + EmitContext.ObsoleteAttribute + "(\"The contract marks '" + model.SchemaName + "' as deprecated.\")]");
        }

        writer.WriteLine("public sealed partial class " + model.Name);
        writer.OpenBlock();

        foreach (var property in model.Properties.Where(p => !p.Required))
        {
            writer.WriteLine("private " + PropertyType(context, property) + " _" + FieldName(property) + ";");
            writer.WriteLine("private bool _" + FieldName(property) + "IsSet;");
        }

        if (model.Properties.Any(p => !p.Required))
        {
            writer.WriteLine();
        }

        foreach (var property in model.Properties)
        {
            WriteProperty(context, property, writer);
            writer.WriteLine();
        }

        writer.WriteLine("/// <summary>Members the contract does not declare, kept so that nothing the server sends is lost; they are written back as they came.</summary>");
        writer.WriteLine("public " + EmitContext.IDictionary + "<string, " + context.NullableTypeName(model.ExtensionDataType, model.ExtensionDataType.IsNullable) + "> " + model.ExtensionDataName + " { get; } = new " + EmitContext.Dictionary + "<string, " + context.NullableTypeName(model.ExtensionDataType, model.ExtensionDataType.IsNullable) + ">(" + EmitContext.StringComparer + ".Ordinal);");
        writer.WriteLine();

        WriteRead(context, model, self, writer);
        writer.WriteLine();
        WriteWrite(context, model, self, writer);
        writer.CloseBlock();
        writer.WriteLine();
        WriteConverter(context, model.Name, self, writer);
    }

    /// <summary>The converter that lets System.Text.Json use the generated code, in the shared <c>…Json</c> class.</summary>
    internal static void WriteConverter(EmitContext context, string name, string self, SourceWriter writer)
    {
        writer.WriteLine("internal static partial class " + context.JsonName);
        writer.OpenBlock();
        writer.WriteLine("/// <summary>Reads and writes <see cref=\"" + self + "\"/> with the generated, reflection-free code.</summary>");
        writer.WriteLine(context.GeneratedCodeAttribute);
        writer.WriteLine("internal sealed class " + name + "Converter : " + EmitContext.JsonConverterOf + "<" + self + ">");
        writer.OpenBlock();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine("public override " + self + " Read(ref " + EmitContext.Utf8JsonReader + " reader, " + EmitContext.Type + " typeToConvert, " + EmitContext.JsonSerializerOptions + " options) => " + self + ".ReadJson(ref reader);");
        writer.WriteLine();
        writer.WriteLine("/// <inheritdoc />");
        writer.WriteLine("public override void Write(" + EmitContext.Utf8JsonWriter + " writer, " + self + " value, " + EmitContext.JsonSerializerOptions + " options) => " + self + ".WriteJson(writer, value);");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static void WriteProperty(EmitContext context, PropertyModel property, SourceWriter writer)
    {
        DocComments.SummaryAndRemarks(writer, null, property.Description, "The `" + property.JsonName + "` member.");
        var notes = "Wire name: <c>" + DocComments.Escape(property.JsonName) + "</c>"
            + (property.Required ? "; required" : "; optional, omitted from requests unless set")
            + (property.Type.IsNullable ? "; may be null" : string.Empty)
            + (property.DefaultJson is null ? string.Empty : "; the server's default is <c>" + DocComments.Escape(property.DefaultJson) + "</c>")
            + ".";
        writer.WriteLine("/// <value>" + notes + "</value>");
        if (property.Deprecated)
        {
            writer.WriteLine("[" + EmitContext.ObsoleteAttribute + "(\"The contract marks '" + property.JsonName + "' as deprecated.\")]");
        }

        var type = PropertyType(context, property);
        if (property.Required)
        {
            writer.WriteLine("public required " + type + " " + property.Name + " { get; set; }");
            return;
        }

        var field = "_" + FieldName(property);
        writer.WriteLine("public " + type + " " + property.Name);
        writer.OpenBlock();
        writer.WriteLine("get => " + field + ";");
        writer.WriteLine("set");
        writer.OpenBlock();
        writer.WriteLine(field + " = value;");
        writer.WriteLine(field + "IsSet = true;");
        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static void WriteRead(EmitContext context, ObjectModel model, string self, SourceWriter writer)
    {
        writer.WriteLine("/// <summary>Reads a <see cref=\"" + self + "\"/> from the reader's current token, which must start an object.</summary>");
        writer.WriteLine("internal static " + self + " ReadJson(ref " + EmitContext.Utf8JsonReader + " reader)");
        writer.OpenBlock();
        writer.WriteLine("if (reader.TokenType != " + EmitContext.JsonTokenType + ".StartObject)");
        writer.OpenBlock();
        writer.WriteLine("throw " + context.Json + ".Unexpected(ref reader, \"an object (" + model.Name + ")\");");
        writer.CloseBlock();
        writer.WriteLine();
        foreach (var property in model.Properties)
        {
            writer.WriteLine(context.NullableTypeName(property.Type, true) + " " + Local(property) + " = default;");
            writer.WriteLine("bool " + Local(property) + "Seen = false;");
        }

        var extensionType = context.NullableTypeName(model.ExtensionDataType, model.ExtensionDataType.IsNullable);
        writer.WriteLine(EmitContext.List + "<global::System.Collections.Generic.KeyValuePair<string, " + extensionType + ">>? __extra = null;");
        writer.WriteLine("while (reader.Read() && reader.TokenType != " + EmitContext.JsonTokenType + ".EndObject)");
        writer.OpenBlock();
        foreach (var property in model.Properties)
        {
            writer.WriteLine("if (reader.ValueTextEquals(" + Common.Naming.StringLiteral(property.JsonName) + "u8))");
            writer.OpenBlock();
            writer.WriteLine("reader.Read();");
            var acceptNull = property.Type.IsNullable || !property.Required;
            writer.WriteLine(Local(property) + " = " + JsonCode.Read(context, property.Type, "reader", acceptNull) + ";");
            writer.WriteLine(Local(property) + "Seen = true;");
            writer.WriteLine("continue;");
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.WriteLine("var __name = reader.GetString()!;");
        writer.WriteLine("reader.Read();");
        writer.WriteLine("(__extra ??= new()).Add(new global::System.Collections.Generic.KeyValuePair<string, " + extensionType + ">(__name, " + JsonCode.Read(context, model.ExtensionDataType, "reader", model.ExtensionDataType.IsNullable) + "));");
        writer.CloseBlock();
        writer.WriteLine();

        foreach (var property in model.Properties.Where(p => p.Required))
        {
            writer.WriteLine("if (!" + Local(property) + "Seen)");
            writer.OpenBlock();
            writer.WriteLine("throw " + context.Json + ".MissingRequired(\"" + model.Name + "\", " + Common.Naming.StringLiteral(property.JsonName) + ");");
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.WriteLine("var __result = new " + self);
        writer.OpenBlock();
        foreach (var property in model.Properties.Where(p => p.Required))
        {
            var bang = property.Type.IsNullable ? string.Empty : (property.Type.IsValueType ? ".GetValueOrDefault()" : "!");
            writer.WriteLine(property.Name + " = " + Local(property) + bang + ",");
        }

        writer.CloseBlock(";");
        foreach (var property in model.Properties.Where(p => !p.Required))
        {
            writer.WriteLine("if (" + Local(property) + "Seen)");
            writer.OpenBlock();
            writer.WriteLine("__result." + property.Name + " = " + Local(property) + ";");
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.WriteLine("if (__extra is not null)");
        writer.OpenBlock();
        writer.WriteLine("foreach (var __pair in __extra)");
        writer.OpenBlock();
        writer.WriteLine("__result." + model.ExtensionDataName + "[__pair.Key] = __pair.Value;");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("return __result;");
        writer.CloseBlock();
    }

    private static void WriteWrite(EmitContext context, ObjectModel model, string self, SourceWriter writer)
    {
        writer.WriteLine("/// <summary>Writes <paramref name=\"value\"/> as a JSON object: required members always, optional ones only when set.</summary>");
        writer.WriteLine("internal static void WriteJson(" + EmitContext.Utf8JsonWriter + " writer, " + self + " value)");
        writer.OpenBlock();
        writer.WriteLine("writer.WriteStartObject();");
        foreach (var property in model.Properties)
        {
            var nullable = property.Type.IsNullable || !property.Required;
            var access = property.Required ? "value." + property.Name : "value._" + FieldName(property);
            if (property.Required)
            {
                writer.WriteLine("writer.WritePropertyName(" + Common.Naming.StringLiteral(property.JsonName) + "u8);");
                writer.WriteLine(JsonCode.Write(context, property.Type, "writer", access, nullable || !property.Type.IsValueType));
                continue;
            }

            writer.WriteLine("if (value._" + FieldName(property) + "IsSet)");
            writer.OpenBlock();
            writer.WriteLine("writer.WritePropertyName(" + Common.Naming.StringLiteral(property.JsonName) + "u8);");
            writer.WriteLine(JsonCode.Write(context, property.Type, "writer", access, true));
            writer.CloseBlock();
            writer.WriteLine();
        }

        writer.WriteLine("foreach (var __pair in value." + model.ExtensionDataName + ")");
        writer.OpenBlock();
        writer.WriteLine("writer.WritePropertyName(__pair.Key);");
        writer.WriteLine(JsonCode.Write(context, model.ExtensionDataType, "writer", "__pair.Value", model.ExtensionDataType.IsNullable));
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("writer.WriteEndObject();");
        writer.CloseBlock();
    }

    internal static string PropertyType(EmitContext context, PropertyModel property)
        => context.NullableTypeName(property.Type, property.Type.IsNullable || !property.Required);

    private static string FieldName(PropertyModel property)
        => char.ToLowerInvariant(property.Name[0]) + property.Name.Substring(1);

    private static string Local(PropertyModel property) => "__v" + property.Name;
}
