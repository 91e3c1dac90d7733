using System.Linq;
using FiniGen.Model;

namespace FiniGen.Emit;

/// <summary>Emits one object schema: the class, its presence tracking, and its reflection-free JSON code.</summary>
internal static class ModelEmitter
{
    // The backing field of the extension-data member; generated member fields are "_name" and flags "__hasName", so
    // this name cannot collide with either.
    private const string ExtensionField = "__extensionData";

    public static void Emit(EmitContext context, ObjectModel model, SourceWriter writer)
    {
        context.WriteFileHeader(writer);
        var self = context.Qualified(model.Name);
        DocComments.SummaryAndRemarks(writer, null, model.Description, "The `" + model.SchemaName + "` schema of " + context.Header.Title + ".");
        writer.WriteLine(context.GeneratedCodeAttribute);
        writer.WriteLine("[" + EmitContext.JsonConverterAttribute + "(typeof(" + context.Json + "." + model.Name + "Converter))]");
        if (model.Deprecated)
        {
            writer.WriteLine("[" + EmitContext.ObsoleteAttribute + "(" + Common.Naming.StringLiteral("The contract marks '" + model.SchemaName + "' as deprecated.") + ")]");
        }

        if (model.IsRequest)
        {
            writer.WriteLine(RuleCode.RequestModel(context));
        }

        // A record, so that requests can be varied with `with`; the copy keeps which members were set.
        writer.WriteLine("public sealed partial record " + model.Name);
        writer.OpenBlock();

        foreach (var property in model.Properties.Where(p => !p.Required))
        {
            writer.WriteLine("private " + PropertyType(context, property) + " _" + FieldName(property) + ";");
            writer.WriteLine("private bool " + SetFlag(property) + ";");
        }

        if (model.Properties.Any(p => !p.Required))
        {
            writer.WriteLine();
        }

        foreach (var property in model.Properties)
        {
            WriteProperty(context, model, property, writer);
            writer.WriteLine();
        }

        // Created on first use: most objects carry no undeclared member, and a page of a thousand need not allocate a thousand empty dictionaries.
        var extensionValue = context.NullableTypeName(model.ExtensionDataType, model.ExtensionDataType.IsNullable);
        writer.WriteLine("private " + EmitContext.Dictionary + "<string, " + extensionValue + ">? " + ExtensionField + ";");
        writer.WriteLine();
        writer.WriteLine("/// <summary>Members the contract does not declare, kept so that nothing the server sends is lost; they are written back as they came.</summary>");
        writer.WriteLine("public " + EmitContext.IDictionary + "<string, " + extensionValue + "> " + model.ExtensionDataName + " => " + ExtensionField + " ??= new " + EmitContext.Dictionary + "<string, " + extensionValue + ">(" + EmitContext.StringComparer + ".Ordinal);");
        writer.WriteLine();

        WriteRead(context, model, self, writer);
        writer.WriteLine();
        WriteWrite(context, model, self, writer);
        if (model.IsRequest)
        {
            writer.WriteLine();
            WriteValidate(context, model, writer);
        }

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

    private static void WriteProperty(EmitContext context, ObjectModel model, PropertyModel property, SourceWriter writer)
    {
        var typeDeprecated = model.Deprecated;
        // C# warns (CS9042) on an [Obsolete] required member of a type that is not itself obsolete: every object
        // initializer would have to use it. Such a member says it is deprecated in its documentation only.
        var obsolete = property.Deprecated && (!property.Required || typeDeprecated);
        DocComments.SummaryAndRemarks(writer, null, property.Description, "The `" + property.JsonName + "` member.");
        var notes = "Wire name: <c>" + DocComments.Text(property.JsonName) + "</c>"
            + (property.Required ? "; required" : "; optional, omitted from requests unless set")
            + (property.Type.IsNullable ? "; may be null" : string.Empty)
            + (property.DefaultJson is null ? string.Empty : "; the server's default is <c>" + DocComments.Text(property.DefaultJson) + "</c>")
            + (property.Deprecated && !obsolete ? "; deprecated by the contract, though still required" : string.Empty)
            + ".";
        writer.WriteLine("/// <value>" + notes + "</value>");
        if (obsolete)
        {
            writer.WriteLine("[" + EmitContext.ObsoleteAttribute + "(" + Common.Naming.StringLiteral("The contract marks '" + property.JsonName + "' as deprecated.") + ")]");
        }

        // Rules guard requests: a model the contract only ever returns carries none.
        if (model.IsRequest)
        {
            foreach (var attribute in RuleCode.Attributes(context, property.Rules))
            {
                writer.WriteLine(attribute);
            }

            if (model.Discriminator is { } discriminator && discriminator.WireName == property.JsonName)
            {
                writer.WriteLine(RuleCode.Discriminator(context, discriminator));
            }
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
        writer.WriteLine(SetFlag(property) + " = true;");
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
            writer.WriteLine("bool " + Seen(property) + " = false;");
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
            writer.WriteLine(Seen(property) + " = true;");
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
            writer.WriteLine("if (!" + Seen(property) + ")");
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
            writer.WriteLine("if (" + Seen(property) + ")");
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
            var access = property.Required ? "value." + property.Name : "value._" + FieldName(property);
            var member = Common.Naming.StringLiteral(property.JsonName);
            if (property.Required)
            {
                // A required member that is not nullable in the contract refuses null (set with `null!`) instead of sending it.
                writer.WriteLine("writer.WritePropertyName(" + member + "u8);");
                writer.WriteLine(JsonCode.Write(context, property.Type, "writer", access, property.Type.IsNullable, member));
                continue;
            }

            writer.WriteLine("if (value." + SetFlag(property) + ")");
            writer.OpenBlock();
            writer.WriteLine("writer.WritePropertyName(" + member + "u8);");
            writer.WriteLine(JsonCode.Write(context, property.Type, "writer", access, true, member));
            writer.CloseBlock();
            writer.WriteLine();
        }

        // The dictionary's own struct enumerator, not a boxed one; nothing at all when no undeclared member was ever added.
        writer.WriteLine("if (value." + ExtensionField + " is { } __extension)");
        writer.OpenBlock();
        writer.WriteLine("foreach (var __pair in __extension)");
        writer.OpenBlock();
        writer.WriteLine(context.Json + ".WriteMember(writer, __pair.Key, __pair.Value, static (__w, __v) => { " + JsonCode.Write(context, model.ExtensionDataType, "__w", "__v", model.ExtensionDataType.IsNullable) + " });");
        writer.CloseBlock();
        writer.CloseBlock();
        writer.WriteLine();
        writer.WriteLine("writer.WriteEndObject();");
        writer.CloseBlock();
    }

    private static void WriteValidate(EmitContext context, ObjectModel model, SourceWriter writer)
    {
        foreach (var member in model.Properties)
        {
            RuleCode.WriteRuleFields(context, writer, member.Rules, rule => RuleField(member, rule));
        }

        if (model.Properties.Any(p => p.Rules.Count > 0))
        {
            writer.WriteLine();
        }

        writer.WriteLine("/// <summary>Checks the members against the contract's rules and throws on the first one broken.</summary>");
        writer.WriteLine("internal void Validate(string operationId, string path, int depth = 0)");
        writer.OpenBlock();
        writer.WriteLine("if (depth > 1000)");
        writer.OpenBlock();
        writer.WriteLine("// As deep as JSON writing goes: a value that refers to itself ends here, not in a stack overflow.");
        writer.WriteLine("throw new " + context.Qualified(context.Header.BaseName + "RequestValidationException") + "(operationId, path.Length > 200 ? path.Substring(0, 200) + \"…\" : path, \"(not shown)\", \"JSON\", \"it nests more than 1,000 levels deep, or refers to itself, which JSON cannot carry\");");
        writer.CloseBlock();
        writer.WriteLine();
        if (model.Discriminator is { } discriminator && model.Properties.FirstOrDefault(p => p.JsonName == discriminator.WireName) is { } selector)
        {
            var access = selector.Type.Kind == TypeKind.Enum ? "?.Value" : string.Empty;
            var fallback = discriminator.DefaultValue is { } d ? Common.Naming.StringLiteral(d) : "null";
            writer.WriteLine(selector.Required
                ? "string? " + WhenLocal(discriminator.WireName) + " = " + selector.Name + (selector.Type.Kind == TypeKind.Enum ? (selector.Type.IsNullable ? "?.Value" : ".Value") : string.Empty) + ";"
                : "string? " + WhenLocal(discriminator.WireName) + " = " + SetFlag(selector) + " ? _" + FieldName(selector) + access + " : " + fallback + ";");
        }

        foreach (var property in model.Properties.Where(p => RuleCode.NeedsChecks(p.Type, p.Rules)))
        {
            var local = Local(property);
            var path = "path + " + Common.Naming.StringLiteral("." + property.JsonName);
            var alwaysPresent = property.Required && !property.Type.IsNullable && property.Type.IsValueType;
            writer.WriteLine(alwaysPresent
                ? "var " + local + " = " + property.Name + ";"
                : "if (" + (property.Required ? property.Name : SetFlag(property) + " && _" + FieldName(property)) + " is { } " + local + ")");
            writer.OpenBlock();
            RuleCode.WriteChecks(context, writer, property.Type, property.Rules, rule => RuleField(property, rule), local, path, WhenLocal);
            if (property.Type.Kind == TypeKind.Object)
            {
                writer.WriteLine(local + ".Validate(operationId, " + path + ", depth + 1);");
            }
            else if (property.Type.Kind == TypeKind.Array && property.Type.Item?.Kind == TypeKind.Object)
            {
                writer.WriteLine("for (var __j = 0; __j < " + local + ".Count; __j++)");
                writer.OpenBlock();
                // A null item is the JSON writer's to refuse (or to write, when the contract allows it), not a rule's.
                writer.WriteLine(local + "[__j]?.Validate(operationId, " + path + " + \"[\" + __j.ToString(" + EmitContext.CultureInfo + ".InvariantCulture) + \"]\", depth + 1);");
                writer.CloseBlock();
            }

            writer.CloseBlock();
        }

        writer.CloseBlock();
    }

    private static string WhenLocal(string member) => "__when" + Common.Naming.ToPascal(member);

    // The static field that holds a rule of a property; property names never start with two underscores.
    private static string RuleField(PropertyModel property, RuleModel rule)
    {
        var index = 0;
        while (!ReferenceEquals(property.Rules[index], rule))
        {
            index++;
        }

        return "__rule" + property.Name + index.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static string PropertyType(EmitContext context, PropertyModel property)
        => context.NullableTypeName(property.Type, property.Type.IsNullable || !property.Required);

    private static string FieldName(PropertyModel property)
        => char.ToLowerInvariant(property.Name[0]) + property.Name.Substring(1);

    private static string Local(PropertyModel property) => "__v" + property.Name;

    // Property names never start with two underscores, so these names cannot meet a property's own field or local.
    private static string Seen(PropertyModel property) => "__seen" + property.Name;

    private static string SetFlag(PropertyModel property) => "__has" + property.Name;
}
