using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using FiniGen.Common;
using FiniGen.Diagnostics;
using FiniGen.Model;
using Microsoft.OpenApi;

namespace FiniGen.Contract;

internal sealed partial class ModelBuilder
{
    private enum SchemaShape
    {
        Enum,
        Object,
        Other,
    }

    /// <summary>Resolves the component schema <paramref name="key"/>, generating its type on first use.</summary>
    private TypeRefModel ResolveComponent(string key, IOpenApiSchema schema, string pointer)
    {
        if (_componentTypes.TryGetValue(key, out var known))
        {
            return known;
        }

        var target = Target(schema);
        if (target is null)
        {
            return Unresolved(schema, pointer);
        }

        switch (ShapeOf(target))
        {
            case SchemaShape.Enum:
                {
                    var name = ComponentName(key, pointer);
                    var reference = new TypeRefModel(EnumKind(target), name, null, IsNullable(target));
                    _componentTypes[key] = reference;
                    if (BuildEnum(name, key, target, pointer) is { } fallback)
                    {
                        _componentTypes[key] = fallback;
                        return fallback;
                    }

                    return reference;
                }

            case SchemaShape.Object:
                {
                    var name = ComponentName(key, pointer);
                    var reference = new TypeRefModel(TypeKind.Object, name, null, IsNullable(target));
                    _componentTypes[key] = reference;
                    BuildObject(name, key, target, pointer);
                    return reference;
                }

            default:
                // A named primitive, array or map is an alias: it generates no type of its own.
                if (!_aliasesInProgress.Add(key))
                {
                    Report(DiagnosticDescriptors.UnsupportedConstructId, pointer, "The schema '" + key + "'", ContractReader.DisplayPointer(pointer), "it refers to itself without an object in between; it is typed as JsonElement");
                    return new TypeRefModel(TypeKind.Any, null, null, true);
                }

                var alias = ResolveInline(target, Naming.ToPascal(LastSegment(key)), pointer);
                _aliasesInProgress.Remove(key);
                _componentTypes[key] = alias;
                return alias;
        }
    }

    /// <summary>Resolves any schema: a reference, or an inline schema named after <paramref name="nameHint"/> if it needs a type.</summary>
    private TypeRefModel Resolve(IOpenApiSchema? schema, string nameHint, string pointer)
    {
        if (schema is null)
        {
            return new TypeRefModel(TypeKind.Any, null, null, true);
        }

        if (schema is OpenApiSchemaReference reference)
        {
            if (reference.Target is null || reference.UnresolvedReference)
            {
                return Unresolved(schema, pointer);
            }

            var key = ComponentKey(reference);
            var resolved = ResolveComponent(key, reference.Target, PointerOf(reference, pointer));

            // OpenAPI 3.1 lets a $ref carry siblings; "nullable" on the referencing side is the common one.
            return IsNullable(schema) ? resolved.AsNullable() : resolved;
        }

        return ResolveInline(schema, nameHint, pointer);
    }

    private TypeRefModel ResolveInline(IOpenApiSchema schema, string nameHint, string pointer)
    {
        // "allOf: [$ref]" with only annotations beside it (description, default, nullable) is a reference.
        if (schema.AllOf is { Count: 1 } single && (schema.Properties is null || schema.Properties.Count == 0) && schema.OneOf is not { Count: > 0 } && schema.AnyOf is not { Count: > 0 })
        {
            var inner = Resolve(single[0], nameHint, PositionIndex.Append(PositionIndex.Append(pointer, "allOf"), "0"));
            return IsNullable(schema) ? inner.AsNullable() : inner;
        }

        // "oneOf"/"anyOf" of a schema and a null-only schema is that schema, nullable.
        if (NullableBranch(schema) is { } branch)
        {
            var inner = Resolve(branch.Schema, nameHint, PositionIndex.Append(PositionIndex.Append(pointer, branch.Keyword), branch.Index.ToString(CultureInfo.InvariantCulture)));
            return inner.AsNullable();
        }

        if (_inlineTypes.TryGetValue(schema, out var known))
        {
            return known;
        }

        var nullable = IsNullable(schema);
        switch (ShapeOf(schema))
        {
            case SchemaShape.Enum:
                {
                    var name = ReserveTypeName(nameHint, nameHint, pointer, report: false);
                    var reference = new TypeRefModel(EnumKind(schema), name, null, nullable);
                    _inlineTypes[schema] = reference;
                    if (BuildEnum(name, nameHint, schema, pointer) is { } fallback)
                    {
                        _inlineTypes[schema] = fallback;
                        return fallback;
                    }

                    return reference;
                }

            case SchemaShape.Object:
                {
                    var name = ReserveTypeName(nameHint, nameHint, pointer, report: false);
                    var reference = new TypeRefModel(TypeKind.Object, name, null, nullable);
                    _inlineTypes[schema] = reference;
                    BuildObject(name, nameHint, schema, pointer);
                    return reference;
                }
        }

        var type = PrimaryType(schema);
        if (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 } || schema.AllOf is { Count: > 0 })
        {
            Report(
                DiagnosticDescriptors.UnsupportedConstructId,
                pointer,
                "A composition of non-object schemas",
                ContractReader.DisplayPointer(pointer),
                "the value is typed as JsonElement, which keeps it whole");
            return new TypeRefModel(TypeKind.Any, null, null, true);
        }

        switch (type)
        {
            case JsonSchemaType.Array:
                var item = Resolve(schema.Items, nameHint + "Item", PositionIndex.Append(pointer, "items"));
                return new TypeRefModel(TypeKind.Array, null, item, nullable);
            case JsonSchemaType.Object:
                var value = schema.AdditionalProperties is { } additional
                    ? Resolve(additional, nameHint + "Value", PositionIndex.Append(pointer, "additionalProperties"))
                    : new TypeRefModel(TypeKind.Any, null, null, false);
                return new TypeRefModel(TypeKind.Map, null, value, nullable);
            case JsonSchemaType.String:
                return new TypeRefModel(StringKind(schema.Format), null, null, nullable);
            case JsonSchemaType.Integer:
                return new TypeRefModel(string.Equals(schema.Format, "int64", StringComparison.OrdinalIgnoreCase) ? TypeKind.Int64 : TypeKind.Int32, null, null, nullable);
            case JsonSchemaType.Number:
                return new TypeRefModel(NumberKind(schema.Format), null, null, nullable);
            case JsonSchemaType.Boolean:
                return new TypeRefModel(TypeKind.Boolean, null, null, nullable);
            default:
                return new TypeRefModel(TypeKind.Any, null, null, true);
        }
    }

    private static TypeKind EnumKind(IOpenApiSchema schema)
        => PrimaryType(schema) == JsonSchemaType.Integer ? TypeKind.IntegerEnum : TypeKind.Enum;

    private static TypeKind StringKind(string? format) => format?.ToLowerInvariant() switch
    {
        "date-time" => TypeKind.DateTimeOffset,
        "date" => TypeKind.Date,
        "byte" or "binary" => TypeKind.Bytes,
        _ => TypeKind.String,
    };

    private static TypeKind NumberKind(string? format) => format?.ToLowerInvariant() switch
    {
        "float" => TypeKind.Single,
        "decimal" => TypeKind.Decimal,
        _ => TypeKind.Double,
    };

    private void BuildObject(string name, string schemaName, IOpenApiSchema schema, string pointer)
    {
        var memberNames = new UniqueNameScope(s_objectMemberNames.Concat(new[] { "ReadJson", "WriteJson", "Validate", "EqualityContract", "PrintMembers", "Deconstruct" }).ToArray());
        var properties = new List<PropertyModel>();
        var rules = new Dictionary<string, List<RuleModel>>(StringComparer.Ordinal);
        var required = new HashSet<string>(schema.Required ?? new HashSet<string>(), StringComparer.Ordinal);
        TypeRefModel? extensionType = null;
        var discriminator = schema.Discriminator?.PropertyName;

        // The schema's own properties first, then allOf parts (all of them apply), then oneOf/anyOf variants
        // (one of them applies: their properties are merged as optional, so any variant round-trips, and their
        // constraints hold only for the discriminator values that select the variant).
        AddProperties(schema, pointer, variantValues: null);
        foreach (var (part, index) in (schema.AllOf ?? new List<IOpenApiSchema>()).Select((s, i) => (s, i)))
        {
            var partPointer = PositionIndex.Append(PositionIndex.Append(pointer, "allOf"), index.ToString(CultureInfo.InvariantCulture));
            var target = Target(part);
            if (target is null)
            {
                Unresolved(part, partPointer);
                continue;
            }

            foreach (var r in target.Required ?? new HashSet<string>())
            {
                required.Add(r);
            }

            AddProperties(target, PointerOf(part, partPointer), variantValues: null);
        }

        foreach (var (keyword, variants) in new[] { ("oneOf", schema.OneOf), ("anyOf", schema.AnyOf) })
        {
            foreach (var (variant, index) in (variants ?? new List<IOpenApiSchema>()).Select((s, i) => (s, i)))
            {
                var variantPointer = PositionIndex.Append(PositionIndex.Append(pointer, keyword), index.ToString(CultureInfo.InvariantCulture));
                var target = Target(variant);
                if (target is null)
                {
                    Unresolved(variant, variantPointer);
                    continue;
                }

                if (ShapeOf(target) != SchemaShape.Object)
                {
                    Report(
                        DiagnosticDescriptors.UnsupportedConstructId,
                        variantPointer,
                        "A " + keyword + " variant that is not an object",
                        ContractReader.DisplayPointer(variantPointer),
                        "'" + name + "' keeps only the object variants' properties; other values fail to read with a clear exception");
                    continue;
                }

                AddProperties(target, PointerOf(variant, variantPointer), DiscriminatorValues(schema, variant));
            }
        }

        var extensionName = memberNames.Reserve("AdditionalProperties").Name;
        extensionType ??= new TypeRefModel(TypeKind.Any, null, null, false);

        _objects.Add(new ObjectModel(
            name,
            schemaName,
            Describe(schema.Description),
            EquatableArray.From(properties.Select(p => p with { Rules = EquatableArray.From(rules[p.JsonName]) })),
            extensionName,
            extensionType,
            schema.Deprecated));

        // variantValues: null for the schema's own and allOf properties; for a variant, the discriminator values
        // that select it (empty when there is no discriminator, in which case its constraints cannot be applied).
        void AddProperties(IOpenApiSchema source, string sourcePointer, string[]? variantValues)
        {
            if (extensionType is null && source.AdditionalProperties is { } additional)
            {
                extensionType = Resolve(additional, name + "Value", PositionIndex.Append(sourcePointer, "additionalProperties"));
            }

            foreach (var declared in source.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                var propertyPointer = PositionIndex.Append(PositionIndex.Append(sourcePointer, "properties"), declared.Key);
                var pair = declared;
                if (pair.Value is null)
                {
                    // "note:" with nothing after it: YAML's null, which is no schema. The member is kept, accepting any JSON.
                    Report(DiagnosticDescriptors.UnsupportedConstructId, propertyPointer, "The property '" + pair.Key + "'", ContractReader.DisplayPointer(propertyPointer), "it has no schema (an empty value); it is typed as JsonElement");
                    pair = new KeyValuePair<string, IOpenApiSchema>(pair.Key, new OpenApiSchema());
                }

                if (!rules.ContainsKey(pair.Key))
                {
                    // C# forbids a member named like its type (CS0542); "Value" is the conventional way out, not a collision.
                    var pascal = Naming.ToPascal(pair.Key);
                    if (pascal == name)
                    {
                        pascal += "Value";
                    }

                    var (memberName, renamed) = memberNames.Reserve(pascal);
                    if (renamed)
                    {
                        Report(DiagnosticDescriptors.NameCollisionId, propertyPointer, "property", pair.Key, pascal, memberName);
                    }

                    var type = Resolve(pair.Value, name + Naming.ToPascal(pair.Key), propertyPointer);
                    var target = Target(pair.Value) ?? pair.Value;
                    properties.Add(new PropertyModel(
                        memberName,
                        pair.Key,
                        type,
                        // A readOnly member is never sent and a writeOnly one never received: neither can be required of both.
                        variantValues is null && required.Contains(pair.Key) && !pair.Value.ReadOnly && !pair.Value.WriteOnly && !target.ReadOnly && !target.WriteOnly,
                        Describe(pair.Value.Description ?? target.Description),
                        DefaultJson(pair.Value.Default ?? target.Default),
                        pair.Value.Deprecated || target.Deprecated,
                        EquatableArray<RuleModel>.Empty));
                    rules[pair.Key] = new List<RuleModel>();
                }

                if (variantValues is null)
                {
                    rules[pair.Key].AddRange(RulesOf(pair.Value, null, null));
                }
                else if (variantValues.Length > 0 && pair.Key != discriminator)
                {
                    // The first declaration of a member wins for its type; a variant adds only its own constraints.
                    rules[pair.Key].AddRange(RulesOf(pair.Value, discriminator, variantValues));
                }
            }
        }
    }

    private TypeRefModel? BuildEnum(string name, string schemaName, IOpenApiSchema schema, string pointer)
    {
        var isInteger = PrimaryType(schema) == JsonSchemaType.Integer;
        var members = new List<EnumMemberModel>();
        var memberNames = new UniqueNameScope(s_objectMemberNames.Concat(new[] { "Value", "IsKnown", "KnownValues", name }).ToArray());
        var values = new HashSet<string>(StringComparer.Ordinal);
        var position = -1;
        foreach (var node in schema.Enum ?? new List<JsonNode>())
        {
            position++;
            if (IsJsonNull(node))
            {
                // A nullable enum lists null (OpenAPI 3.0.3); null is the absent value of the nullable type, not a member.
                continue;
            }

            string wire;
            if (node is JsonValue value && !isInteger && value.TryGetValue<string>(out var text))
            {
                wire = text;
            }
            else if (node is JsonValue number && isInteger && number.GetValueKind() == JsonValueKind.Number && int.TryParse(number.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                wire = integer.ToString(CultureInfo.InvariantCulture);
            }
            else
            {
                Report(
                    DiagnosticDescriptors.UnsupportedConstructId,
                    PositionIndex.Append(pointer, "enum"),
                    "The enum value " + node.ToJsonString(),
                    ContractReader.DisplayPointer(PositionIndex.Append(pointer, "enum")),
                    "enum values must all be strings or all 32-bit integers; '" + name + "' is typed as JsonElement");
                _enums.RemoveAll(e => e.Name == name);
                return new TypeRefModel(TypeKind.Any, null, null, true);
            }

            if (!values.Add(wire))
            {
                continue;
            }

            var candidate = isInteger ? "Value" + wire.Replace("-", "Minus") : Naming.ToPascal(wire);
            var (memberName, renamed) = memberNames.Reserve(candidate);
            if (renamed)
            {
                Report(DiagnosticDescriptors.NameCollisionId, PositionIndex.Append(PositionIndex.Append(pointer, "enum"), position.ToString(CultureInfo.InvariantCulture)), "enum value", wire, candidate, memberName);
            }

            members.Add(new EnumMemberModel(memberName, wire));
        }

        _enums.Add(new EnumModel(name, schemaName, Describe(schema.Description), isInteger, EquatableArray.From(members), DefaultJson(schema.Default)));
        return null;
    }

    private SchemaShape ShapeOf(IOpenApiSchema schema) => ShapeOf(schema, null);

    // "visiting" holds the compositions being classified further up the stack: a composition that reaches itself again
    // (A: oneOf [A, B]) is not a shape of its own, and following it would never end.
    private SchemaShape ShapeOf(IOpenApiSchema schema, HashSet<IOpenApiSchema>? visiting)
    {
        var type = PrimaryType(schema);
        if (schema.Enum is { Count: > 0 } && (type == JsonSchemaType.String || type == JsonSchemaType.Integer))
        {
            return SchemaShape.Enum;
        }

        if (schema.Properties is { Count: > 0 })
        {
            return SchemaShape.Object;
        }

        var composition = (schema.AllOf ?? new List<IOpenApiSchema>())
            .Concat(schema.OneOf ?? new List<IOpenApiSchema>())
            .Concat(schema.AnyOf ?? new List<IOpenApiSchema>())
            .ToList();
        if (composition.Count > 0)
        {
            // A composition is a class when its parts are objects; "allOf: [$ref]" alone stays a reference.
            if (schema.AllOf is { Count: 1 } && composition.Count == 1)
            {
                return SchemaShape.Other;
            }

            visiting ??= new HashSet<IOpenApiSchema>(ReferenceComparer.Instance);
            if (!visiting.Add(schema))
            {
                return SchemaShape.Other;
            }

            var shape = composition.All(part => Target(part) is { } target && ShapeOf(target, visiting) == SchemaShape.Object)
                ? SchemaShape.Object
                : SchemaShape.Other;
            visiting.Remove(schema);
            return shape;
        }

        // An object with no declared properties but an additionalProperties schema is a dictionary, not a class.
        if (type == JsonSchemaType.Object && schema.AdditionalProperties is null)
        {
            return SchemaShape.Object;
        }

        return SchemaShape.Other;
    }

    private static JsonSchemaType? PrimaryType(IOpenApiSchema schema)
    {
        if (schema.Type is not { } type)
        {
            return schema.Properties is { Count: > 0 } ? JsonSchemaType.Object : null;
        }

        var withoutNull = type & ~JsonSchemaType.Null;
        return withoutNull switch
        {
            JsonSchemaType.String or JsonSchemaType.Integer or JsonSchemaType.Number or JsonSchemaType.Boolean or JsonSchemaType.Object or JsonSchemaType.Array => withoutNull,
            JsonSchemaType.Integer | JsonSchemaType.Number => JsonSchemaType.Number,
            _ => null,
        };
    }

    private static bool IsNullable(IOpenApiSchema schema)
    {
        if (schema.Type is { } type && (type & JsonSchemaType.Null) != 0)
        {
            return true;
        }

        return schema.Extensions is { } extensions && extensions.TryGetValue("x-nullable", out var extension)
            && extension is JsonNodeExtension { Node: JsonValue value } && value.TryGetValue<bool>(out var flag) && flag;
    }

    /// <summary>
    /// The other branch of a <c>oneOf</c>/<c>anyOf</c> of exactly two branches when one of them accepts only <c>null</c>
    /// (<c>enum: [null]</c>, or <c>type: 'null'</c> in 3.1). It is how OpenAPI 3.0 makes a reference nullable in a way
    /// strict validators accept: <c>nullable: true</c> beside <c>allOf: [$ref]</c> does not admit <c>null</c>, because
    /// the referenced schema still rejects it.
    /// </summary>
    private static (IOpenApiSchema Schema, string Keyword, int Index)? NullableBranch(IOpenApiSchema schema)
    {
        var (keyword, branches) = schema.OneOf is { Count: > 0 } oneOf ? ("oneOf", oneOf) : ("anyOf", schema.AnyOf);
        if (branches is not { Count: 2 }
            || (keyword == "oneOf" && schema.AnyOf is { Count: > 0 })
            || schema.AllOf is { Count: > 0 }
            || schema.Properties is { Count: > 0 })
        {
            return null;
        }

        var (first, second) = (IsNullOnly(branches[0]), IsNullOnly(branches[1]));
        return first == second ? null : first ? (branches[1], keyword, 1) : (branches[0], keyword, 0);
    }

    private static bool IsNullOnly(IOpenApiSchema schema)
    {
        var target = Target(schema);
        if (target is null)
        {
            return false;
        }

        // The reader turns an untyped "enum: [null]" into "type: 'null'", and a null enum value beside a type into its sentinel.
        return target.Type == JsonSchemaType.Null
            || (target.Enum is { Count: > 0 } values && values.All(IsJsonNull));
    }

    private static bool IsJsonNull(JsonNode? value)
        => value is null || JsonNullSentinel.IsJsonNullSentinel(value) || value.GetValueKind() == JsonValueKind.Null;

    private static IOpenApiSchema? Target(IOpenApiSchema schema)
        => schema is OpenApiSchemaReference reference ? (reference.UnresolvedReference ? null : reference.Target) : schema;

    // Local references use the bare component name, the same key the components walk uses.
    private static string ComponentKey(OpenApiSchemaReference reference)
        => string.IsNullOrEmpty(reference.Reference?.ExternalResource)
            ? reference.Reference?.Id ?? string.Empty
            : reference.Reference!.ExternalResource + "#" + (reference.Reference.Id ?? string.Empty);

    private static string LastSegment(string key)
    {
        var hash = key.LastIndexOf('#');
        var id = hash >= 0 ? key.Substring(hash + 1) : key;
        if (id.Length == 0)
        {
            // A whole file used as a schema: name it after the file.
            var file = Naming.FileName(key.Substring(0, Math.Max(hash, 0)));
            var dot = file.IndexOf('.');
            return dot > 0 ? file.Substring(0, dot) : file;
        }

        var slash = id.LastIndexOf('/');
        return slash >= 0 ? id.Substring(slash + 1) : id;
    }

    private static string PointerOf(IOpenApiSchema schema, string fallback)
        => schema is OpenApiSchemaReference { Reference: { IsExternal: false, Id: { } id } }
            ? PositionIndex.Append("/components/schemas", id)
            : fallback;

    private string ComponentName(string key, string pointer)
        => _componentNames.TryGetValue(key, out var reserved)
            ? reserved
            : ReserveTypeName(Naming.ToPascal(LastSegment(key)), key, pointer, report: true);

    private string ReserveTypeName(string candidate, string contractName, string pointer, bool report)
    {
        var (name, renamed) = _typeNames.Reserve(candidate);
        if (renamed && report)
        {
            Report(DiagnosticDescriptors.NameCollisionId, pointer, "schema", contractName, candidate, name);
        }

        return name;
    }

    private TypeRefModel Unresolved(IOpenApiSchema schema, string pointer)
    {
        var reference = (schema as OpenApiSchemaReference)?.Reference;
        var text = reference is null ? "?" : reference.ReferenceV3 ?? ((reference.ExternalResource ?? string.Empty) + "#/components/schemas/" + reference.Id);
        Report(DiagnosticDescriptors.UnresolvedReferenceId, pointer, text, ContractReader.DisplayPointer(pointer));
        return new TypeRefModel(TypeKind.Any, null, null, true);
    }
}
