using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using FiniGen.Common;
using FiniGen.Diagnostics;
using FiniGen.Model;
using FiniGen.Rules;
using Microsoft.OpenApi;

namespace FiniGen.Contract;

internal sealed partial class ModelBuilder
{
    internal const string MustUseResultExtension = "x-finigen-result-must-be-used";
    internal const string SecretPatternExtension = "x-finigen-secret-pattern";
    internal const string SecretVariableExtension = "x-finigen-secret-variable";
    internal const string PaginationExtension = "x-finigen-pagination";
    internal const string AsyncJobExtension = "x-finigen-async-job";
    internal const string RetrySafeExtension = "x-finigen-retry-safe";

    // Formats that choose a C# type already say everything about the value; the others are checked as rules.
    private static readonly HashSet<string> s_checkedFormats = new(StringComparer.Ordinal) { "uuid", "uri" };

    /// <summary>
    /// The constraints of <paramref name="schema"/>, and of its items for arrays. A bound no C# number holds and a
    /// pattern .NET cannot parse are reported (FG0007) at <paramref name="pointer"/>, the member or parameter, and left
    /// out: the client could not check them.
    /// </summary>
    private List<RuleModel> RulesOf(IOpenApiSchema schema, string? whenMember, string[]? whenValues, string pointer)
    {
        var rules = new List<RuleModel>();
        var when = EquatableArray.From(whenValues ?? Array.Empty<string>());
        AddRules(schema, items: false);
        var target = Follow(schema).Target;
        if (target is not null && PrimaryType(target) == JsonSchemaType.Array && target.Items is { } items)
        {
            AddRules(items, items: true);
        }

        return rules;

        void AddRules(IOpenApiSchema raw, bool items)
        {
            var s = Follow(raw).Target;
            if (s is null)
            {
                return;
            }

            // A nullable reference ("oneOf"/"anyOf" of a schema and a null-only schema): the schema's rules apply to non-null values.
            if (NullableBranch(s) is { } branch && Follow(branch.Schema).Target is { } nonNull)
            {
                s = nonNull;
            }

            // "allOf: [$ref]" used to annotate a reference: the referenced schema's rules apply.
            if (s.AllOf is { Count: 1 } && (s.Properties is null || s.Properties.Count == 0) && Follow(s.AllOf[0]).Target is { } inner)
            {
                s = inner;
            }

            void Add(RuleKind kind, string? argument)
            {
                if (!string.IsNullOrEmpty(argument))
                {
                    rules.Add(new RuleModel(kind, EquatableArray.From(new[] { argument! }), items, whenMember, when));
                }
            }

            var type = PrimaryType(s);
            if (type == JsonSchemaType.String)
            {
                if (s.Format is { } format && s_checkedFormats.Contains(format.ToLowerInvariant()))
                {
                    Add(RuleKind.Format, format.ToLowerInvariant());
                }

                Add(RuleKind.Pattern, CheckablePattern(s.Pattern, pointer));
                Add(RuleKind.MinLength, s.MinLength?.ToString(CultureInfo.InvariantCulture));
                Add(RuleKind.MaxLength, s.MaxLength?.ToString(CultureInfo.InvariantCulture));
            }

            if (type is JsonSchemaType.Integer or JsonSchemaType.Number)
            {
                Add(RuleKind.Minimum, CheckableNumber("minimum", s.Minimum, pointer));
                Add(RuleKind.Maximum, CheckableNumber("maximum", s.Maximum, pointer));
                Add(RuleKind.ExclusiveMinimum, CheckableNumber("exclusiveMinimum", s.ExclusiveMinimum, pointer));
                Add(RuleKind.ExclusiveMaximum, CheckableNumber("exclusiveMaximum", s.ExclusiveMaximum, pointer));
            }

            if (type == JsonSchemaType.Array && !items)
            {
                Add(RuleKind.MinItems, s.MinItems?.ToString(CultureInfo.InvariantCulture));
                Add(RuleKind.MaxItems, s.MaxItems?.ToString(CultureInfo.InvariantCulture));
            }

            if (s.Enum is { Count: > 0 } values && type is JsonSchemaType.String)
            {
                var allowed = values.OfType<JsonValue>().Where(v => !IsJsonNull(v)).Select(v => v.TryGetValue<string>(out var text) ? text : null).Where(v => v is not null).Select(v => v!).ToArray();
                if (allowed.Length > 0)
                {
                    rules.Add(new RuleModel(RuleKind.Enum, EquatableArray.From(allowed), items, whenMember, when));
                }
            }
        }
    }

    private static string? Number(string? text)
        => text is not null && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value.ToString(CultureInfo.InvariantCulture)
            : null;

    // The bound as the client compares it (a decimal), or null, reported, when no decimal holds it (1e400).
    private string? CheckableNumber(string keyword, string? text, string pointer)
    {
        // exclusiveMinimum/exclusiveMaximum are booleans in OpenAPI 3.0: the reader keeps them as text ("True").
        if (text is null || bool.TryParse(text, out _))
        {
            return null;
        }

        if (Number(text) is { } number)
        {
            return number;
        }

        var at = PositionIndex.Append(pointer, keyword);
        Report(
            DiagnosticDescriptors.UnsupportedConstructId,
            at,
            "The " + keyword + " " + text,
            ContractReader.DisplayPointer(at),
            "the client compares numbers as C# decimals, which hold at most 28 digits (±7.9e28); it is not checked");
        return null;
    }

    // The pattern, or null, reported, when .NET cannot parse it. Parsing takes time in proportion to the pattern, unlike
    // matching, which the generated client and the analyzers do with a timeout.
    private string? CheckablePattern(string? pattern, string pointer)
    {
        if (pattern is null)
        {
            return null;
        }

        try
        {
            _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            return pattern;
        }
        catch (ArgumentException exception)
        {
            var at = PositionIndex.Append(pointer, "pattern");
            Report(
                DiagnosticDescriptors.UnsupportedConstructId,
                at,
                "The pattern '" + pattern + "'",
                ContractReader.DisplayPointer(at),
                "it is not a .NET regular expression (" + exception.Message.TrimEnd('.') + "); it is not checked");
            return null;
        }
    }

    /// <summary>The discriminator values that select <paramref name="variant"/> of <paramref name="parent"/>; empty without a discriminator.</summary>
    private static string[] DiscriminatorValues(IOpenApiSchema parent, IOpenApiSchema variant)
    {
        if (parent.Discriminator?.PropertyName is null)
        {
            return Array.Empty<string>();
        }

        var id = (variant as OpenApiSchemaReference)?.Reference?.Id;
        var mapping = parent.Discriminator.Mapping;
        if (mapping is { Count: > 0 })
        {
            return mapping
                .Where(pair => pair.Value?.Reference?.Id is { } target && target == id)
                .Select(pair => pair.Key)
                .OrderBy(key => key, StringComparer.Ordinal)
                .ToArray();
        }

        // Without a mapping, the discriminator value is the variant's component name (OpenAPI 3.0, Discriminator Object).
        return id is null ? Array.Empty<string>() : new[] { id };
    }

    private static string? StringExtension(IDictionary<string, IOpenApiExtension>? extensions, string name)
    {
        if (extensions is null || !extensions.TryGetValue(name, out var extension) || extension is not JsonNodeExtension { Node: { } node })
        {
            return null;
        }

        return node switch
        {
            JsonValue value when value.TryGetValue<string>(out var text) => text,
            JsonValue value when value.GetValueKind() == JsonValueKind.True => "true",
            JsonObject obj when obj["reason"] is JsonValue reason && reason.TryGetValue<string>(out var text) => text,
            _ => null,
        };
    }
}
