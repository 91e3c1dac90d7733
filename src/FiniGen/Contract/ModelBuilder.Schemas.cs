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
    // Stands in for the schema a reference leads to when it leads nowhere: no annotations, no constraints.
    private static readonly OpenApiSchema s_noSchema = new();

    private enum SchemaShape
    {
        Enum,
        Object,
        Other,
    }

    /// <summary>Resolves the component schema <paramref name="key"/> (its value <paramref name="schema"/>, at <paramref name="pointer"/>), generating its type on first use.</summary>
    private TypeRefModel ResolveComponent(string key, IOpenApiSchema schema, string pointer)
        => Walk(schema, key, Naming.ToPascal(LastSegment(key)), pointer, pointer);

    /// <summary>Resolves any schema: a reference, or an inline schema named after <paramref name="nameHint"/> if it needs a type.</summary>
    private TypeRefModel Resolve(IOpenApiSchema? schema, string nameHint, string pointer)
        => Walk(schema, null, nameHint, pointer, pointer);

    /// <summary>
    /// Finds the type of <paramref name="schema"/> in one loop, without recursing: it steps through references (to a
    /// component's value), aliases (a component that is a primitive, list or map), annotations (<c>allOf: [$ref]</c>,
    /// a nullable <c>oneOf</c>) and lists and maps, until it reaches a type of its own (a class, an enum, a
    /// primitive). Then, back out, it wraps that type in the lists, maps and nullability it stepped through and
    /// remembers each alias's type. A chain of aliases 10,000 long takes 10,000 steps and no stack; a component that
    /// is reached again while it is being stepped through closes a cycle, which is reported at the <c>$ref</c> that
    /// closes it.
    /// </summary>
    /// <param name="schema">The schema; with <paramref name="componentKey"/>, the value of that component.</param>
    /// <param name="componentKey">The component <paramref name="schema"/> is the value of, or null for any other schema.</param>
    /// <param name="nameHint">The name of a type the schema needs (an inline object or enum).</param>
    /// <param name="pointer">Where the schema is (a component's own place when <paramref name="componentKey"/> is set).</param>
    /// <param name="usePointer">Where it is used from: the place of the <c>$ref</c> that led to it.</param>
    private TypeRefModel Walk(IOpenApiSchema? schema, string? componentKey, string nameHint, string pointer, string usePointer)
    {
        var steps = new List<Step>();
        var entered = new List<(string Key, int Step)>();
        var enteredAt = new Dictionary<string, int>(StringComparer.Ordinal);
        var nesting = 0;
        TypeRefModel type;
        while (true)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            if (componentKey is { } key)
            {
                if (_componentTypes.TryGetValue(key, out var known))
                {
                    type = known;
                    break;
                }

                if (enteredAt.TryGetValue(key, out var cycleAt))
                {
                    var cycle = entered.Skip(cycleAt).SelectMany(e => ThroughReferences(e.Key)).Concat(new[] { key }).ToList();
                    type = AliasCycle(cycle, steps.Skip(entered[cycleAt].Step).Any(s => s.Kind is StepKind.List or StepKind.Map), usePointer);
                    break;
                }

                var followed = Follow(schema!);
                if (followed.Target is not { } target)
                {
                    type = Failed(followed, schema!, pointer);
                    _componentTypes[key] = type;
                    break;
                }

                // A component whose value is a $ref (A: { $ref: B }) has the type of the schema at the end of the
                // references, and what is inside that schema is at its own place, not at A's.
                var targetPointer = !ReferenceEquals(target, schema) && ComponentKeyOrNull(target) is { } owner ? PositionIndex.Append("/components/schemas", owner) : pointer;

                var shape = ShapeOf(target);
                if (shape == SchemaShape.Enum)
                {
                    var name = ComponentName(key, pointer);
                    type = new TypeRefModel(EnumKind(target), name, null, IsNullable(target));
                    _componentTypes[key] = type;
                    if (BuildEnum(name, key, target, targetPointer) is { } fallback)
                    {
                        _componentTypes[key] = type = fallback;
                    }

                    break;
                }

                if (shape == SchemaShape.Object)
                {
                    // Built later, from the queue: an object refers to others, which refer to others, as deep as the contract.
                    var name = ComponentName(key, pointer);
                    type = new TypeRefModel(TypeKind.Object, name, null, IsNullable(target));
                    _componentTypes[key] = type;
                    _pendingObjects.Enqueue((name, key, target, targetPointer));
                    break;
                }

                // A named primitive, list or map is an alias: it generates no type of its own, and has the type of its target.
                enteredAt[key] = entered.Count;
                entered.Add((key, steps.Count));
                steps.Add(new Step(StepKind.Alias, key));
                schema = target;
                componentKey = null;
                nameHint = Naming.ToPascal(LastSegment(key));
                pointer = targetPointer;
                continue;
            }

            if (schema is null)
            {
                type = new TypeRefModel(TypeKind.Any, null, null, true);
                break;
            }

            if (schema is OpenApiSchemaReference reference)
            {
                if (TargetOf(reference) is not { } value)
                {
                    type = Unresolved(schema, pointer);
                    break;
                }

                // OpenAPI 3.1 lets a $ref carry siblings; "nullable" on the referencing side is the common one.
                if (IsNullableReference(reference))
                {
                    steps.Add(new Step(StepKind.Nullable, null));
                }

                componentKey = ComponentKey(reference);
                usePointer = pointer;
                pointer = PointerOf(reference, pointer);
                schema = value;
                continue;
            }

            // "allOf: [$ref]" with only annotations beside it (description, default, nullable) is a reference.
            if (schema.AllOf is { Count: 1 } single && (schema.Properties is null || schema.Properties.Count == 0) && schema.OneOf is not { Count: > 0 } && schema.AnyOf is not { Count: > 0 })
            {
                if (IsNullable(schema))
                {
                    steps.Add(new Step(StepKind.Nullable, null));
                }

                pointer = PositionIndex.Append(PositionIndex.Append(pointer, "allOf"), "0");
                schema = single[0];
                continue;
            }

            // "oneOf"/"anyOf" of a schema and a null-only schema is that schema, nullable.
            if (NullableBranch(schema) is { } branch)
            {
                steps.Add(new Step(StepKind.Nullable, null));
                pointer = PositionIndex.Append(PositionIndex.Append(pointer, branch.Keyword), branch.Index.ToString(CultureInfo.InvariantCulture));
                schema = branch.Schema;
                continue;
            }

            if (_inlineTypes.TryGetValue(schema, out var inline))
            {
                type = inline;
                break;
            }

            var nullable = IsNullable(schema);
            var inlineShape = ShapeOf(schema);
            if (inlineShape == SchemaShape.Enum)
            {
                var name = ReserveTypeName(nameHint, nameHint, pointer, report: false);
                type = new TypeRefModel(EnumKind(schema), name, null, nullable);
                _inlineTypes[schema] = type;
                if (BuildEnum(name, nameHint, schema, pointer) is { } fallback)
                {
                    _inlineTypes[schema] = type = fallback;
                }

                break;
            }

            if (inlineShape == SchemaShape.Object)
            {
                // Built now: inline objects nest only as deep as the text, which the position index keeps within 64 levels.
                var name = ReserveTypeName(nameHint, nameHint, pointer, report: false);
                type = new TypeRefModel(TypeKind.Object, name, null, nullable);
                _inlineTypes[schema] = type;
                BuildObject(name, nameHint, schema, pointer);
                break;
            }

            if (schema.OneOf is { Count: > 0 } || schema.AnyOf is { Count: > 0 } || schema.AllOf is { Count: > 0 })
            {
                Report(
                    DiagnosticDescriptors.UnsupportedConstructId,
                    pointer,
                    "A composition of non-object schemas",
                    ContractReader.DisplayPointer(pointer),
                    "the value is typed as JsonElement, which keeps it whole");
                type = new TypeRefModel(TypeKind.Any, null, null, true);
                break;
            }

            var primary = PrimaryType(schema);
            if (primary is JsonSchemaType.Array || (primary is JsonSchemaType.Object && schema.AdditionalProperties is not null))
            {
                if (++nesting > ContractLimits.MaxTypeNesting)
                {
                    var path = string.Join(" → ", entered.Select(e => e.Key));
                    Report(
                        DiagnosticDescriptors.UnsupportedConstructId,
                        pointer,
                        "A list or map nested more than " + ContractLimits.MaxTypeNesting.ToString(CultureInfo.InvariantCulture) + " levels deep",
                        ContractReader.DisplayPointer(pointer),
                        (path.Length > 0 ? "it is reached through " + Shorten(path) + "; " : string.Empty) + "this level is typed as JsonElement, which keeps it whole");
                    type = new TypeRefModel(TypeKind.Any, null, null, true);
                    break;
                }

                if (primary is JsonSchemaType.Array)
                {
                    steps.Add(new Step(StepKind.List, null, nullable));
                    schema = schema.Items;
                    nameHint += "Item";
                    pointer = PositionIndex.Append(pointer, "items");
                }
                else
                {
                    steps.Add(new Step(StepKind.Map, null, nullable));
                    schema = schema.AdditionalProperties;
                    nameHint += "Value";
                    pointer = PositionIndex.Append(pointer, "additionalProperties");
                }

                continue;
            }

            type = primary switch
            {
                JsonSchemaType.Object => new TypeRefModel(TypeKind.Map, null, new TypeRefModel(TypeKind.Any, null, null, false), nullable),
                JsonSchemaType.String => new TypeRefModel(StringKind(schema.Format), null, null, nullable),
                JsonSchemaType.Integer => new TypeRefModel(string.Equals(schema.Format, "int64", StringComparison.OrdinalIgnoreCase) ? TypeKind.Int64 : TypeKind.Int32, null, null, nullable),
                JsonSchemaType.Number => new TypeRefModel(NumberKind(schema.Format), null, null, nullable),
                JsonSchemaType.Boolean => new TypeRefModel(TypeKind.Boolean, null, null, nullable),
                _ => new TypeRefModel(TypeKind.Any, null, null, true),
            };
            break;
        }

        // Back out: wrap the type in what was stepped through, and remember each alias's type on the way.
        for (var i = steps.Count - 1; i >= 0; i--)
        {
            var step = steps[i];
            type = step.Kind switch
            {
                StepKind.Nullable => type.AsNullable(),
                StepKind.List => new TypeRefModel(TypeKind.Array, null, type, step.IsNullable),
                StepKind.Map => new TypeRefModel(TypeKind.Map, null, type, step.IsNullable),
                _ => type,
            };

            if (step.Kind == StepKind.Alias)
            {
                _componentTypes[step.Key!] = type;
            }
        }

        return type;
    }

    /// <summary>
    /// A component reached again while its own type is being found. Through a list or map it is valid JSON Schema with
    /// no C# type (<c>[[[]]]</c>): a warning, and the innermost value is a <c>JsonElement</c>. With only references and
    /// annotations in between, no schema is ever reached: an error.
    /// </summary>
    private TypeRefModel AliasCycle(List<string> cycle, bool throughListOrMap, string usePointer)
    {
        var closing = PositionIndex.Append(usePointer, "$ref");
        var names = Shorten(string.Join(" → ", cycle.Select(LastSegment)));
        if (throughListOrMap)
        {
            Report(
                DiagnosticDescriptors.UnsupportedConstructId,
                closing,
                "The schema '" + LastSegment(cycle[0]) + "'",
                ContractReader.DisplayPointer(closing),
                "it contains itself through " + names + " with no object in between, which no C# type can; the innermost value is typed as JsonElement, which keeps it whole");
        }
        else
        {
            Report(
                DiagnosticDescriptors.UnresolvedReferenceId,
                closing,
                "#/components/schemas/" + cycle[0],
                ContractReader.DisplayPointer(closing),
                " (it closes the cycle " + names + ", in which every schema only refers to the next: give one of them a type or properties)");
        }

        return new TypeRefModel(TypeKind.Any, null, null, true);
    }

    // A component, and the components its value refers to in a row before a schema (A: { $ref: B } gives A, B): the
    // names of a cycle that passes through it. Only walked when a cycle is reported.
    private IEnumerable<string> ThroughReferences(string key)
    {
        yield return key;
        var seen = new HashSet<string>(StringComparer.Ordinal) { key };
        var value = _document.Components?.Schemas is { } schemas && schemas.TryGetValue(key, out var found) ? found : null;
        while (value is OpenApiSchemaReference reference && Hop(reference) is { Target: { } next, Itself: false })
        {
            var step = ComponentKeyOrNull(next) ?? ComponentKey(reference);
            if (!seen.Add(step))
            {
                yield break;
            }

            yield return step;
            value = next;
        }
    }

    private static string Shorten(string path) => path.Length <= 300 ? path : path.Substring(0, 140) + " → … → " + path.Substring(path.Length - 140);

    private enum StepKind
    {
        Nullable,
        List,
        Map,
        Alias,
    }

    /// <summary>One step of <see cref="Walk"/>: a wrapper to put around the type found, or an alias whose type it is.</summary>
    private readonly struct Step
    {
        public Step(StepKind kind, string? key, bool isNullable = false)
        {
            Kind = kind;
            Key = key;
            IsNullable = isNullable;
        }

        public StepKind Kind { get; }

        public string? Key { get; }

        public bool IsNullable { get; }
    }

    /// <summary>Builds the component objects <see cref="Walk"/> queued, and the ones those queue, until none is left.</summary>
    private void BuildPendingObjects()
    {
        while (_pendingObjects.Count > 0)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var (name, key, target, pointer) = _pendingObjects.Dequeue();
            BuildObject(name, key, target, pointer);
        }
    }

    /// <summary>The object model named <paramref name="name"/>, once every queued object is built; null for none.</summary>
    private ObjectModel? ObjectNamed(string? name)
    {
        BuildPendingObjects();
        return name is not null && _objectsByName.TryGetValue(name, out var model) ? model : null;
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
        string? discriminatorDefault = null;

        // The schema's own properties first, then allOf parts (all of them apply), then oneOf/anyOf variants
        // (one of them applies: their properties are merged as optional, so any variant round-trips, and their
        // constraints hold only for the discriminator values that select the variant).
        AddProperties(schema, pointer, variantValues: null);
        foreach (var (part, index) in (schema.AllOf ?? new List<IOpenApiSchema>()).Select((s, i) => (s, i)))
        {
            var partPointer = PositionIndex.Append(PositionIndex.Append(pointer, "allOf"), index.ToString(CultureInfo.InvariantCulture));
            var followed = Follow(part);
            if (followed.Target is not { } target)
            {
                Failed(followed, part, partPointer);
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
                var followed = Follow(variant);
                if (followed.Target is not { } target)
                {
                    Failed(followed, variant, variantPointer);
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

        // The discriminator is a fact of the model, worked out here once: the emitter writes it, the analyzers read it.
        var discriminatorProperty = discriminator is null ? null : properties.FirstOrDefault(p => p.JsonName == discriminator);
        var model = new ObjectModel(
            name,
            schemaName,
            Describe(schema.Description),
            EquatableArray.From(properties.Select(p => p with { Rules = EquatableArray.From(rules[p.JsonName]) })),
            extensionName,
            extensionType,
            schema.Deprecated,
            discriminatorProperty is null ? null : new DiscriminatorModel(discriminatorProperty.JsonName, discriminatorProperty.Name, discriminatorDefault));
        _objects.Add(model);
        _objectsByName[name] = model;

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
                    var target = Follow(pair.Value).Target ?? s_noSchema;

                    // A $ref's own annotations (OpenAPI 3.1 allows them) come first; reading them through the reference
                    // itself would walk the whole chain of references behind it for each one.
                    var own = (pair.Value as OpenApiSchemaReference)?.Reference;
                    var readOnly = own is null ? pair.Value.ReadOnly : own.ReadOnly ?? false;
                    var writeOnly = own is null ? pair.Value.WriteOnly : own.WriteOnly ?? false;
                    properties.Add(new PropertyModel(
                        memberName,
                        pair.Key,
                        type,
                        // A readOnly member is never sent and a writeOnly one never received: neither can be required of both.
                        variantValues is null && required.Contains(pair.Key) && !readOnly && !writeOnly && !target.ReadOnly && !target.WriteOnly,
                        Describe((own is null ? pair.Value.Description : own.Description) ?? target.Description),
                        DefaultJson(DefaultOf(own, pair.Value, target)),
                        (own is null ? pair.Value.Deprecated : own.Deprecated ?? false) || target.Deprecated,
                        EquatableArray<RuleModel>.Empty));
                    rules[pair.Key] = new List<RuleModel>();
                    if (pair.Key == discriminator && DefaultOf(own, pair.Value, target) is JsonValue value && value.TryGetValue<string>(out var text))
                    {
                        discriminatorDefault = text;
                    }
                }

                if (variantValues is null)
                {
                    rules[pair.Key].AddRange(RulesOf(pair.Value, null, null, propertyPointer));
                }
                else if (variantValues.Length > 0 && pair.Key != discriminator)
                {
                    // The first declaration of a member wins for its type; a variant adds only its own constraints.
                    rules[pair.Key].AddRange(RulesOf(pair.Value, discriminator, variantValues, propertyPointer));
                }
            }
        }
    }

    // A $ref's own default (OpenAPI 3.1) first, then the schema's, read without walking the reference chain again.
    private static JsonNode? DefaultOf(JsonSchemaReference? own, IOpenApiSchema declared, IOpenApiSchema target)
        => (own is null ? declared.Default : own.Default) ?? target.Default;

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

    /// <summary>
    /// Whether <paramref name="schema"/> (not a reference) is an enum, an object (a class) or neither. A composition is a
    /// class when all its parts are; found with a stack of its own and remembered, so that a chain of compositions
    /// 10,000 long needs no deep stack. A composition that reaches itself again (A: oneOf [A, B]) is not a class.
    /// </summary>
    private SchemaShape ShapeOf(IOpenApiSchema schema)
    {
        if (_shapes.TryGetValue(schema, out var known))
        {
            return known;
        }

        if (OwnShape(schema) is { } own)
        {
            _shapes[schema] = own;
            return own;
        }

        var stack = new List<(IOpenApiSchema Schema, List<IOpenApiSchema> Parts, int Next, bool AllObjects)> { (schema, PartsOf(schema), 0, true) };
        var open = new HashSet<IOpenApiSchema>(IdentityComparer<IOpenApiSchema>.Instance) { schema };
        while (true)
        {
            var top = stack[stack.Count - 1];
            SchemaShape? part = null;
            if (top.AllObjects && top.Next < top.Parts.Count)
            {
                stack[stack.Count - 1] = top with { Next = top.Next + 1 };
                var target = Follow(top.Parts[top.Next]).Target;
                if (target is null || open.Contains(target))
                {
                    part = SchemaShape.Other;
                }
                else if (_shapes.TryGetValue(target, out var shape) || OwnShape(target) is { } shapeOfItsOwn && (shape = shapeOfItsOwn) == shape)
                {
                    _shapes[target] = shape;
                    part = shape;
                }
                else
                {
                    stack.Add((target, PartsOf(target), 0, true));
                    open.Add(target);
                    continue;
                }
            }
            else
            {
                // Every part is looked at (or one was not an object): this composition's shape is known.
                var result = top.AllObjects ? SchemaShape.Object : SchemaShape.Other;
                _shapes[top.Schema] = result;
                open.Remove(top.Schema);
                stack.RemoveAt(stack.Count - 1);
                if (stack.Count == 0)
                {
                    return result;
                }

                part = result;
            }

            if (part != SchemaShape.Object)
            {
                var parent = stack[stack.Count - 1];
                stack[stack.Count - 1] = parent with { AllObjects = false };
            }
        }
    }

    // The shape a schema has without looking into its parts; null for a composition, whose parts decide.
    private static SchemaShape? OwnShape(IOpenApiSchema schema)
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

        var parts = (schema.AllOf?.Count ?? 0) + (schema.OneOf?.Count ?? 0) + (schema.AnyOf?.Count ?? 0);
        if (parts > 0)
        {
            // A composition is a class when its parts are objects; "allOf: [$ref]" alone stays a reference.
            return schema.AllOf is { Count: 1 } && parts == 1 ? SchemaShape.Other : null;
        }

        // An object with no declared properties but an additionalProperties schema is a dictionary, not a class.
        return type == JsonSchemaType.Object && schema.AdditionalProperties is null ? SchemaShape.Object : SchemaShape.Other;
    }

    private static List<IOpenApiSchema> PartsOf(IOpenApiSchema schema)
        => (schema.AllOf ?? new List<IOpenApiSchema>())
            .Concat(schema.OneOf ?? new List<IOpenApiSchema>())
            .Concat(schema.AnyOf ?? new List<IOpenApiSchema>())
            .ToList();

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
    private (IOpenApiSchema Schema, string Keyword, int Index)? NullableBranch(IOpenApiSchema schema)
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

    private bool IsNullOnly(IOpenApiSchema schema)
    {
        var target = Follow(schema).Target;
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

    /// <summary>
    /// Where <paramref name="schema"/> leads after every reference in a row is followed (A: { $ref: B }, B: { $ref: C }):
    /// the first schema that is not a reference, or why there is none (a reference that resolves to nothing, or a
    /// cycle of references). Remembered for every reference on the way, so that each is followed once: reading a
    /// keyword through Microsoft.OpenApi's reference object walks the rest of the chain again, a Uri per step.
    /// </summary>
    private Followed Follow(IOpenApiSchema schema)
    {
        if (schema is not OpenApiSchemaReference first)
        {
            return new Followed(schema, null, null);
        }

        if (_followed.TryGetValue(first, out var known))
        {
            return known;
        }

        var chain = new List<OpenApiSchemaReference>();
        var seen = new Dictionary<OpenApiSchemaReference, int>(IdentityComparer<OpenApiSchemaReference>.Instance);
        IOpenApiSchema current = first;
        Followed result;
        while (true)
        {
            if (current is not OpenApiSchemaReference reference)
            {
                result = new Followed(current, null, null);
                break;
            }

            if (_followed.TryGetValue(reference, out known))
            {
                result = known;
                break;
            }

            if (seen.TryGetValue(reference, out var at))
            {
                // The last reference leads back to one already on the way: a cycle of references that never reach a schema.
                result = new Followed(null, chain[chain.Count - 1], chain.Skip(at).Select(r => ComponentKeyOrNull(r) ?? ComponentKey(r)).ToList());
                break;
            }

            seen[reference] = chain.Count;
            chain.Add(reference);
            var (next, itself) = Hop(reference);
            if (itself)
            {
                result = new Followed(null, reference, new List<string> { ComponentKeyOrNull(reference) ?? ComponentKey(reference) });
                break;
            }

            if (next is null)
            {
                result = new Followed(null, reference, null);
                break;
            }

            current = next;
        }

        foreach (var reference in chain)
        {
            _followed[reference] = result;
        }

        return result;
    }

    /// <summary>
    /// Reports why <paramref name="followed"/> reached no schema, once per cycle: a cycle at the <c>$ref</c> that closes
    /// it, naming it; a reference that resolves to nothing where it is (<paramref name="pointer"/> for
    /// <paramref name="use"/> itself, else the component whose value it is).
    /// </summary>
    private TypeRefModel Failed(Followed followed, IOpenApiSchema use, string pointer)
    {
        if (followed.Cycle is { } cycle)
        {
            if (_cyclesReported.Add(followed))
            {
                var closing = PositionIndex.Append(ComponentKeyOrNull(followed.Failed!) is { } owner ? PositionIndex.Append("/components/schemas", owner) : pointer, "$ref");
                var names = Shorten(string.Join(" → ", cycle.Concat(new[] { cycle[0] }).Select(LastSegment)));
                Report(
                    DiagnosticDescriptors.UnresolvedReferenceId,
                    closing,
                    followed.Failed!.Reference?.ReferenceV3 ?? "#/components/schemas/" + cycle[0],
                    ContractReader.DisplayPointer(closing),
                    " (it closes the cycle " + names + ", in which every schema only refers to the next: give one of them a type or properties)");
            }

            return new TypeRefModel(TypeKind.Any, null, null, true);
        }

        var failed = followed.Failed!;
        return Unresolved(failed, ReferenceEquals(failed, use) ? pointer : ComponentKeyOrNull(failed) is { } component ? PositionIndex.Append("/components/schemas", component) : pointer);
    }

    /// <summary>The schema a reference names (one step), or null when it names nothing the reader could resolve.</summary>
    private static IOpenApiSchema? TargetOf(OpenApiSchemaReference reference) => Hop(reference).Target;

    // One step, and whether the reference names itself: Microsoft.OpenApi throws "Circular reference detected while
    // resolving schema" for A: { $ref: A } (it resolves a reference against the schema holding it).
    private static (IOpenApiSchema? Target, bool Itself) Hop(OpenApiSchemaReference reference)
    {
        try
        {
            var target = reference.Reference is null ? null : reference.Target;
            return (target, ReferenceEquals(target, reference));
        }
        catch (InvalidOperationException)
        {
            return (null, true);
        }
        catch (UriFormatException)
        {
            // A name Microsoft.OpenApi cannot make a Uri of: it names nothing.
            return (null, false);
        }
    }

    /// <summary>The local component whose value <paramref name="schema"/> is, or null.</summary>
    private string? ComponentKeyOrNull(IOpenApiSchema schema)
        => _componentOf.TryGetValue(schema, out var key) ? key : null;

    /// <summary>Whether a <c>$ref</c> is made nullable by its own siblings (<c>type: [..., 'null']</c> in OpenAPI 3.1, <c>x-nullable</c>).</summary>
    private static bool IsNullableReference(OpenApiSchemaReference reference)
    {
        var own = reference.Reference;
        if (own?.SchemaType is { } type && (type & JsonSchemaType.Null) != 0)
        {
            return true;
        }

        return own?.Extensions is { } extensions && extensions.TryGetValue("x-nullable", out var extension)
            && extension is JsonNodeExtension { Node: JsonValue value } && value.TryGetValue<bool>(out var flag) && flag;
    }

    /// <summary>What <see cref="Follow"/> found: the schema, or the reference it failed at and, for a cycle, the components in it.</summary>
    /// <param name="Target">The first schema that is not a reference; null when none is reached.</param>
    /// <param name="Failed">The reference that resolves to nothing, or that closes the cycle.</param>
    /// <param name="Cycle">The components of the cycle, in the order followed; null when it is not one.</param>
    private sealed record Followed(IOpenApiSchema? Target, OpenApiSchemaReference? Failed, List<string>? Cycle);

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
        Report(DiagnosticDescriptors.UnresolvedReferenceId, pointer, text, ContractReader.DisplayPointer(pointer), string.Empty);
        return new TypeRefModel(TypeKind.Any, null, null, true);
    }
}
